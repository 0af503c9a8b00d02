/**
 * A minimal browser-like HTTP client for integration tests: keeps cookies, sends the Origin the
 * server trusts, and fetches the CSRF token the SPA would use.
 */
export class TestClient {
  private cookies = new Map<string, string>();
  csrfToken = '';

  constructor(
    readonly baseUrl: string,
    readonly defaults: { userAgent?: string; headers?: Record<string, string> } = {},
  ) {}

  get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = {
      origin: this.baseUrl,
      'user-agent': this.defaults.userAgent ?? 'dialerseat-tests/1.0',
      ...this.defaults.headers,
      ...headers,
    };
    if (this.cookies.size) h.cookie = this.cookieHeader;
    if (body !== undefined && typeof body !== 'string') h['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrfToken;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return {
      status: res.status,
      headers: res.headers,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON shapes
      json: json as any,
      text,
    };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body: unknown = {}, headers?: Record<string, string>) =>
    this.request('POST', path, body, headers);
  patch = (path: string, body: unknown = {}) => this.request('PATCH', path, body);
  del = (path: string) => this.request('DELETE', path);

  async signUp(input: { name: string; email: string; password?: string; teamName?: string; invitationToken?: string }) {
    const res = await this.post('/api/auth/sign-up/email', {
      password: 'correct horse battery staple',
      confirmAdultBusiness: true,
      ...input,
    });
    if (res.status !== 200) throw new Error(`sign-up failed ${res.status} ${res.text}`);
    await this.loadMe();
    return res;
  }

  async signIn(email: string, password = 'correct horse battery staple') {
    const res = await this.post('/api/auth/sign-in/email', { email, password });
    if (res.status === 200) await this.loadMe();
    return res;
  }

  /** Follows the newest verification link mailed to `email` (read from the dev outbox) the way the verify page does. */
  async verifyEmail(email: string) {
    const mail = await this.get('/api/dev/mail');
    const message = (mail.json.messages as { toAddress: string; subject: string; text: string }[]).find(
      (m) => m.toAddress === email && m.subject.startsWith('Confirm your e-mail address'),
    );
    const token = message && /\/verify-email\?token=([^\s]+)/.exec(message.text)?.[1];
    if (!token) throw new Error(`no verification mail for ${email}`);
    const res = await this.get(`/api/auth/verify-email?token=${token}`);
    if (res.status !== 200) throw new Error(`verification failed ${res.status} ${res.text}`);
    await this.loadMe();
    return res;
  }

  async loadMe() {
    const me = await this.get('/api/me');
    if (me.status === 200) this.csrfToken = me.json.csrfToken;
    return me.json as {
      user: { id: string; email: string; name: string };
      teams: { id: string; name: string; role: string }[];
      csrfToken: string;
    };
  }
}

let counter = 0;
export const uniqueEmail = (prefix = 'user') =>
  `${prefix}.${Date.now().toString(36)}.${counter++}@example.com`.toLowerCase();

/**
 * The JSON of a response that must have the given status (200 unless told; a list when either will do), else an
 * error naming the status and body, so a test's failure says what the server answered.
 */
export async function ok(
  res: Promise<{ status: number; json?: unknown; text: string }>,
  status: number | readonly number[] = 200,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON shapes
): Promise<any> {
  const r = await res;
  const wanted = typeof status === 'number' ? [status] : status;
  if (!wanted.includes(r.status)) throw new Error(`expected ${wanted.join(' or ')}, got ${r.status}: ${r.text}`);
  return r.json;
}
