// Calls session-server's functions as the app does, outside any page: the expected translation of
// a text is what `/functions/v1/translate` answers for it.

async function anonKey(url: string): Promise<string> {
  return (await (await fetch(`${url}/config.json`)).json()).supabaseAnonKey;
}

/** Calls a function as a signed-in (anonymous) user, as the app does: translate refuses the bare
 * anon key. */
export async function callFunction(url: string, name: string, body?: unknown) {
  const key = await anonKey(url);
  const signup = await fetch(`${url}/auth/v1/signup`, {
    method: 'POST',
    headers: { apikey: key, 'content-type': 'application/json' },
    body: '{}',
  });
  const token = (await signup.json()).access_token as string;
  const res = await fetch(`${url}/functions/v1/${name}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { apikey: key, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}
