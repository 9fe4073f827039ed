import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// The app's interface strings (locales/<lang>/*.ftl, docs/features/i18n.md), so a spec can
// expect what a user of that language reads instead of hard-coding English. Reads simple
// one-line messages; `{ $name }` placeables are filled from `args`.
const LOCALES = path.resolve(__dirname, '..', '..', 'locales');
const cache = new Map<string, Map<string, string>>();

export function catalogue(lang: string): Map<string, string> {
  let messages = cache.get(lang);
  if (messages) return messages;
  messages = new Map();
  const dir = path.join(LOCALES, lang);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ftl'))) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const m = /^([a-z][a-z0-9-]*) = (.+)$/.exec(line);
      if (m) messages.set(m[1], m[2]);
    }
  }
  cache.set(lang, messages);
  return messages;
}

/** The message `key` in `lang`, as the app shows it. */
export function msg(lang: string, key: string, args: Record<string, string | number> = {}): string {
  const text = catalogue(lang).get(key);
  if (text === undefined) throw new Error(`locales/${lang} has no one-line message ${key}`);
  return text.replace(/\{ \$([a-z]+) \}/g, (_, name: string) => {
    if (!(name in args)) throw new Error(`${lang}/${key} needs $${name}`);
    return String(args[name]);
  });
}
