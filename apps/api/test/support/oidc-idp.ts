import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface TestIdp {
  issuer: string;
  /** Spoils the ID tokens the token endpoint hands out from now on ('normal' stops it). */
  spoilIdTokens(mode: 'normal' | 'bad-signature' | 'wrong-audience' | 'expired'): Promise<void>;
  /**
   * Follows a browser through the provider from the authorization request: its login page (the 職員番号 typed in)
   * and consent page, until it is sent back to `redirectBase`. The callback address with `code` and `state`.
   * Each call is a fresh browser (no session at the provider).
   */
  signIn(authorizationUrl: string, employeeNo: string, redirectBase: string): Promise<URL>;
  /** A browser that keeps its cookies at the provider between sign-ins and sign-outs. */
  browser(): IdpBrowser;
  close(): Promise<void>;
}

export interface IdpBrowser {
  /** As TestIdp.signIn; `askedToLogIn` says whether the provider showed its login page (false: it had a session). */
  signIn(
    authorizationUrl: string,
    employeeNo: string,
    redirectBase: string,
  ): Promise<{ callback: URL; askedToLogIn: boolean }>;
  /** Follows an RP-initiated logout: the provider's confirmation page answered "yes", until back at `redirectBase`. */
  signOut(endSessionUrl: string, redirectBase: string): Promise<URL>;
}

export interface TestIdpClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
}

/** oidc-provider's own process (shared with the browser tests, which start it the same way). */
export const PROVIDER_SCRIPT = resolve(__dirname, '../../../../tools/test-oidc-provider/provider.mjs');

/**
 * Starts oidc-provider (tools/test-oidc-provider/provider.mjs) in a process of its own, with these clients.
 * `logout: false`: a provider without RP-initiated logout (no end_session_endpoint in its discovery document).
 */
export async function startTestIdp(
  clients: TestIdpClient[],
  options: { logout?: boolean } = {},
): Promise<TestIdp> {
  const child: ChildProcess = spawn(process.execPath, [PROVIDER_SCRIPT], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      IDP_CONFIG: JSON.stringify({ clients, logout: options.logout ?? true }),
    },
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
      return (await browserAt().signIn(authorizationUrl, employeeNo, redirectBase)).callback;
    },
    browser: () => browserAt(),
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill();
      }),
  };
}

/** A browser at the provider: its cookies, and a walk through pages until it is sent to `redirectBase`. */
function browserAt(): IdpBrowser {
  const cookies = new Map<string, string>();
  /** Follows redirects and answers each page's form (`answer`: the fields, or undefined for a page it cannot). */
  async function walk(
    start: string,
    redirectBase: string,
    answer: (html: string) => Record<string, string> | undefined,
  ): Promise<URL> {
    let url = start;
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
        const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
        // A cookie the provider clears (its session, at logout) comes back empty and already expired.
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url).href;
        form = undefined;
        continue;
      }
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      form = action ? answer(html) : undefined;
      if (!action || !form)
        throw new Error(`unexpected IdP page (${response.status}): ${html.slice(0, 500)}`);
      url = new URL(action, url).href;
    }
    throw new Error('the IdP did not send the browser back');
  }
  return {
    async signIn(authorizationUrl, employeeNo, redirectBase) {
      let askedToLogIn = false;
      const callback = await walk(
        authorizationUrl,
        redirectBase,
        (html): Record<string, string> | undefined => {
          const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
          if (prompt === 'login') askedToLogIn = true;
          if (!prompt) return undefined;
          return prompt === 'login' ? { prompt, login: employeeNo, password: 'any' } : { prompt };
        },
      );
      return { callback, askedToLogIn };
    },
    signOut(endSessionUrl, redirectBase) {
      return walk(endSessionUrl, redirectBase, (html) => {
        const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
        return xsrf ? { xsrf, logout: 'yes' } : undefined;
      });
    },
  };
}
