# The composer's translation preview.
preview-toggle = Aperçu de la traduction
preview-partner-reads = { $name } lira :
preview-back-in = Retour en { $language } :
preview-updating = Mise à jour de l’aperçu…
preview-unavailable = Aperçu indisponible
preview-paused = Aperçu en pause un instant : trop de demandes en peu de temps
