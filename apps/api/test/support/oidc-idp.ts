import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface TestIdp {
  issuer: string;
  /** Spoils the ID tokens the token endpoint hands out from now on ('normal' stops it). */
  spoilIdTokens(mode: 'normal' | 'bad-signature' | 'wrong-audience' | 'expired'): Promise<void>;
  /**
   * Follows a browser through the provider from the authorization request: its login page (the 職員番号 typed in)
   * and consent page, until it is sent back to `redirectBase`. The callback address with `code` and `state`.
   */
  signIn(authorizationUrl: string, employeeNo: string, redirectBase: string): Promise<URL>;
  close(): Promise<void>;
}

/** oidc-provider's own process (shared with the browser tests, which start it the same way). */
export const PROVIDER_SCRIPT = resolve(__dirname, '../../../../tools/test-oidc-provider/provider.mjs');

/** Starts oidc-provider (tools/test-oidc-provider/provider.mjs) in a process of its own, with these clients. */
export async function startTestIdp(
  clients: { client_id: string; client_secret: string; redirect_uris: string[] }[],
): Promise<TestIdp> {
  const child: ChildProcess = spawn(process.execPath, [PROVIDER_SCRIPT], {
    env: { ...process.env, NODE_OPTIONS: '', IDP_CONFIG: JSON.stringify({ clients }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const issuer = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the test IdP did not start: ${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /idp ready (\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        done(ready[1]);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`the test IdP exited (${code}): ${output}`)));
  });
  return {
    issuer,
    async spoilIdTokens(mode) {
      const response = await fetch(`${issuer}/__test/id-token`, {
        method: 'POST',
        body: JSON.stringify({ mode }),
      });
      if (!response.ok) throw new Error(`spoil: ${response.status}`);
    },
    async signIn(authorizationUrl, employeeNo, redirectBase) {
      const cookies = new Map<string, string>();
      let url = authorizationUrl;
      let form: Record<string, string> | undefined;
      for (let step = 0; step < 20; step++) {
        if (url.startsWith(redirectBase)) return new URL(url);
        const response = await fetch(url, {
          method: form ? 'POST' : 'GET',
          redirect: 'manual',
          headers: {
            cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
            ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          body: form ? new URLSearchParams(form).toString() : undefined,
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const at = pair.indexOf('=');
          cookies.set(pair.slice(0, at), pair.slice(at + 1));
        }
        const location = response.headers.get('location');
        if (location) {
          url = new URL(location, url).href;
          form = undefined;
          continue;
        }
        const html = await response.text();
        const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
        const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
        if (!action || !prompt)
          throw new Error(`unexpected IdP page (${response.status}): ${html.slice(0, 500)}`);
        url = new URL(action, url).href;
        form = prompt === 'login' ? { prompt, login: employeeNo, password: 'any' } : { prompt };
      }
      throw new Error('the IdP did not send the browser back');
    },
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill();
      }),
  };
}
