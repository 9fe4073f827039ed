// Session Translator's offline shell (design §4): keeps the app itself — index.html, the
// wasm, its JS glue, the CSS, supabase-js, the manifest and icons, and /config.json — so a
// reload with no network still starts the app, which then restores the history and the
// outbox from localStorage.
// It never touches the backend's traffic: auth, REST, realtime and functions always go to
// the network, so the sync engine sees real failures and keeps its own retry rules.
//
// Registered by the release build only (src/services/service_worker.rs), from the dist root
// so its scope is the whole origin.

// Bump when the caching rules change: activate deletes every cache but this one.
const CACHE = 'shell-v3';

// Backend paths: never answered from a cache (and not even intercepted).
const API = /^\/(auth|rest|realtime|functions)\/v1\//;
// Trunk names its outputs with a 16-hex-digit content hash (`app-<hash>.js`,
// `snippets/app-<hash>/…`): such a URL never changes content, so cache-first is safe.
const HASHED = /-[0-9a-f]{16}(?=[._/])/;
// What the shell is made of, including the web app manifest and the icons index.html and the
// manifest name (docs/features/installability.md), and the interface messages of each language
// used (/locales/<lang>.ftl, fetched by the app on first use); anything else (e.g.
// /favicon.ico, which the server answers with index.html) is left to the network.
const ASSET = /\.(js|mjs|wasm|css|webmanifest|svg|png|ftl)$/;

// The same-origin files an index.html refers to: Trunk writes them as quoted absolute paths
// (the CSS link, supabase-js, the JS glue and its snippets as module preloads, the wasm).
function shellAssets(html) {
  const urls = new Set();
  for (const m of html.matchAll(/["'](\/[^"'?#\s]+)["']/g)) {
    if (ASSET.test(m[1])) urls.add(m[1]);
  }
  return [...urls];
}

// Install: cache the whole shell now, because the first page load happened before this
// worker existed and none of its requests went through it.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const index = await fetch('/', { cache: 'no-cache' });
      if (!index.ok) throw new Error(`index.html answered ${index.status}`);
      const html = await index.clone().text();
      await cache.put('/', index);
      await cache.addAll(shellAssets(html));
      // The anon key; a failure here only means an offline reload can't start.
      await cache.add(new Request('/config.json', { cache: 'no-cache' })).catch(() => {});
      // Take over at once instead of waiting for every tab of the old version to close:
      // old tabs keep working, since their hashed files stay readable until pruned below.
      await self.skipWaiting();
    })(),
  );
});

// Activate: drop caches of older versions of this file, then control the open pages now,
// so the very first visit is already covered.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  // Hosted Supabase, or anything else on another origin: not ours.
  if (url.origin !== self.location.origin) return;
  if (API.test(url.pathname) || url.pathname === '/sw.js' || url.pathname === '/health') return;

  if (req.mode === 'navigate') {
    event.respondWith(navigation(req));
  } else if (url.pathname === '/config.json') {
    event.respondWith(networkFirst(req, '/config.json'));
  } else if (ASSET.test(url.pathname)) {
    event.respondWith(HASHED.test(url.pathname) ? cacheFirst(req) : staleWhileRevalidate(req, event));
  }
});

// Navigations (/, /s/CODE, …): the network first, so a deploy shows up on the next load; the
// server answers every client route with the same index.html, so one cached copy under '/'
// serves them all when the network is gone.
async function navigation(req) {
  try {
    const res = await fetch(req);
    if (res.ok && (res.headers.get('content-type') || '').startsWith('text/html')) {
      const copy = res.clone();
      // Keep the newest index.html and forget hashed files it no longer refers to.
      copy.text().then((html) => refresh(html)).catch(() => {});
    }
    return res;
  } catch (err) {
    const cached = await caches.match('/', { cacheName: CACHE, ...MATCH });
    if (cached) return cached;
    throw err;
  }
}

async function refresh(html) {
  const cache = await caches.open(CACHE);
  await cache.put('/', new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
  const wanted = new Set(shellAssets(html));
  for (const key of await cache.keys()) {
    const path = new URL(key.url).pathname;
    if (HASHED.test(path) && !wanted.has(path)) await cache.delete(key);
  }
}

// Lookups ignore `Vary`: the server varies on `Origin` (CORS), which the page's module and
// wasm requests (crossorigin="anonymous") send and the install-time fetches do not.
const MATCH = { ignoreVary: true };

// Hashed files: the cached copy is the right one for ever; fetch and keep it on a miss.
async function cacheFirst(req) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(req, MATCH);
  if (cached) return cached;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}

// Unhashed files (vendor/supabase.js): answer from the cache at once, update it behind.
async function staleWhileRevalidate(req, event) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(req, MATCH);
  const update = fetch(req).then(async (res) => {
    if (res.ok) await cache.put(req, res.clone());
    return res;
  });
  if (cached) {
    event.waitUntil(update.catch(() => {}));
    return cached;
  }
  return update;
}

// /config.json: always the server's current answer when it can be had; the last one
// otherwise (it only holds the public anon key and the backend URL).
async function networkFirst(req, key) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(key, res.clone());
    return res;
  } catch (err) {
    const cached = await cache.match(key, MATCH);
    if (cached) return cached;
    throw err;
  }
}
