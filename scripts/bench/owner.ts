// A bench's help desk: signs up a fresh tenant on a bench server and answers its owner's session cookie, the
// tenant's widget key, and `post` for JSON writes as the owner (it throws on any answer but 2xx).
export interface Owner {
  cookie: string;
  widgetKey: string;
  post(path: string, body: unknown): Promise<Record<string, unknown>>;
}

export async function signUpOwner(baseURL: string, who: { tenantName: string; name: string; email: string }): Promise<Owner> {
  const signup = await fetch(`${baseURL}/api/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...who, password: 'bench password 1' }),
  });
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${await signup.text()}`);
  const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
  const widgetKey = ((await signup.json()) as { tenant: { widgetKey: string } }).tenant.widgetKey;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${baseURL}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: baseURL },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  return { cookie, widgetKey, post };
}
