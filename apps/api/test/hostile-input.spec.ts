import { NUMERIC_ID_PARAMS } from '../src/common/request-guard';
import { expectProblem } from './support/factories';
import { ADMIN, createTestApp, TestApp } from './support/test-app';

const NUL = '\u0000';
const LONE_SURROGATE = '\ud800';
/** `JSON.stringify` writes a lone surrogate as the escape `\ud800`, which is how a hostile client sends it. */
const deepBody = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string }[];
}

/** Every operation of the app's own OpenAPI document. */
async function operations(t: TestApp): Promise<Operation[]> {
  const response = await t.request({ method: 'GET', url: '/api/docs-json' });
  expect(response.statusCode).toBe(200);
  const doc = response.json();
  return Object.entries(
    doc.paths as Record<string, Record<string, { parameters?: Operation['parameters'] }>>,
  ).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
    })),
  );
}

function withPathValues(op: Operation, value: string): string {
  return op.path.replace(/\{[^}]+\}/g, value);
}

describe('hostile input never reaches the database or the validators unchecked (never a 5xx)', () => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    headers = await t.login(ADMIN.loginId, ADMIN.password);
  });
  afterAll(() => t?.close());

  /** A request as the administrator; a route that ended the session (logout) gets a fresh one for the next. */
  async function send(method: string, url: string, payload?: string, contentType = 'application/json') {
    const response = await t.request({
      method: method as never,
      url,
      headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': contentType }) },
      payload,
    });
    if (response.statusCode === 401) headers = await t.login(ADMIN.loginId, ADMIN.password);
    return response;
  }

  it('answers each kind of bad input on every route of the OpenAPI document without a 5xx', async () => {
    const ops = await operations(t);
    expect(ops.length).toBeGreaterThan(40);
    const failures: string[] = [];
    const check = async (label: string, method: string, url: string, payload?: string) => {
      const response = await send(method, url, payload);
      if (response.statusCode >= 500)
        failures.push(`${label}: ${method} ${url} → ${response.statusCode} ${response.body.slice(0, 200)}`);
    };
    for (const op of ops) {
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
      const plain = withPathValues(op, 'X1');
      if (op.path.includes('{')) {
        await check('NUL in the path', op.method, withPathValues(op, 'a%00b'), hasBody ? '{}' : undefined);
        await check(
          'id beyond bigint',
          op.method,
          withPathValues(op, '99999999999999999999'),
          hasBody ? '{}' : undefined,
        );
        await check(
          'lone surrogate in the path',
          op.method,
          withPathValues(op, '%ED%A0%80'),
          hasBody ? '{}' : undefined,
        );
      }
      const queryNames = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      for (const name of [...queryNames, 'q']) {
        await check(`NUL in ?${name}`, op.method, `${plain}?${name}=x%00y`, hasBody ? '{}' : undefined);
      }
      if (hasBody) {
        await check('body nested 10,000 deep', op.method, plain, deepBody(10_000));
        await check(
          'NUL in a body string',
          op.method,
          plain,
          JSON.stringify({ loginId: `a${NUL}b`, title: NUL, code: NUL }),
        );
        await check(
          'lone surrogate in a body string',
          op.method,
          plain,
          JSON.stringify({ title: `x${LONE_SURROGATE}`, name: LONE_SURROGATE }),
        );
        await check('a form instead of JSON', op.method, plain, 'a=1');
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses NUL and a lone surrogate in any text with a 422 that names the field, also before any login', async () => {
    const nul = expectProblem(
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { loginId: `admin${NUL}`, password: 'x' },
      }),
      422,
    );
    expect(nul.errors).toEqual([{ field: 'loginId', message: expect.stringContaining('NUL') }]);

    const surrogate = expectProblem(
      await send(
        'PUT',
        '/api/v1/catalogue/tracks/KAISO',
        JSON.stringify({ name: `研修${LONE_SURROGATE}`, description: '' }),
      ),
      422,
    );
    expect(surrogate.errors).toEqual([{ field: 'name', message: expect.stringContaining('サロゲート') }]);

    const nested = expectProblem(
      await send(
        'POST',
        '/api/v1/catalogue/tracks',
        JSON.stringify({ code: 'T', name: 'n', extra: { a: [{ b: NUL }] } }),
      ),
      422,
    );
    expect(nested.errors).toEqual([{ field: 'extra.a.0.b', message: expect.stringContaining('NUL') }]);

    const query = expectProblem(
      await send('GET', `/api/v1/staff?q=${encodeURIComponent('伊勢' + NUL)}`),
      422,
    );
    expect(query.errors).toEqual([{ field: 'q', message: expect.stringContaining('NUL') }]);
    // A valid surrogate pair (𠮷) is of course fine.
    expect((await send('GET', `/api/v1/staff?q=${encodeURIComponent('𠮷')}`)).statusCode).toBe(200);
  });

  it('limits the nesting of a body before anything walks it', async () => {
    const problem = expectProblem(await send('POST', '/api/v1/catalogue/tracks', deepBody(10_000)), 422);
    expect(problem.errors).toEqual([
      { field: 'body', message: expect.stringContaining('入れ子が深すぎます') },
    ]);
  });

  it('leaves text keys alone: a login id with letters or a 職員番号 with a leading zero is not taken for a numeric id', async () => {
    for (const loginId of ['hr-officer', '0700002']) {
      const response = await send(
        'PUT',
        `/api/v1/admin/users/${loginId}/password`,
        JSON.stringify({ password: 'a long enough passphrase' }),
      );
      // Neither exists in this suite's tenant: the route itself answers (404 with its own message), not the guard.
      expect({ loginId, status: response.statusCode, detail: response.json().detail }).toEqual({
        loginId,
        status: 404,
        detail: expect.stringContaining(loginId),
      });
    }
  });

  it('gives every numeric path id of the OpenAPI document its range check, and no other parameter', async () => {
    const ops = await operations(t);
    const numeric = new Set<string>();
    for (const op of ops)
      for (const p of op.parameters as { name: string; in: string; schema?: { type?: string } }[])
        if (p.in === 'path' && p.schema?.type === 'number') numeric.add(p.name);
    expect([...numeric].sort()).toEqual([...NUMERIC_ID_PARAMS].sort());
  });

  it('answers an id out of the integer range as naming nothing (404)', async () => {
    for (const [method, url] of [
      ['PUT', '/api/v1/catalogue/courses/KAISO-NEWHIRE/draft/modules/99999999999999999999'],
      ['POST', '/api/v1/me/courses/KAISO-NEWHIRE/modules/99999999999999999999/complete'],
      ['POST', '/api/v1/me/quiz-attempts/99999999999999999999/submit'],
      ['POST', '/api/v1/me/courses/KAISO-NEWHIRE/modules/2147483648/quiz-attempts'],
    ]) {
      expectProblem(await send(method, url, '{}'), 404);
    }
  });
});

describe('login accepts JSON from this app only (login CSRF)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ PUBLIC_URL: 'https://dx.pref.example.lg.jp' })));
  afterAll(() => t?.close());

  const login = (headers: Record<string, string>, payload: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/login', headers, payload });
  const json = JSON.stringify(ADMIN);

  it('refuses a form post or a text body with 415, setting no cookie', async () => {
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', `loginId=${ADMIN.loginId}&password=${ADMIN.password}`],
      ['text/plain', json],
      [
        'multipart/form-data; boundary=x',
        `--x\r\nContent-Disposition: form-data; name="loginId"\r\n\r\nadmin\r\n--x--\r\n`,
      ],
    ]) {
      const response = await login({ 'content-type': type }, body);
      expectProblem(response, 415);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('refuses a browser request from another site (Origin or Sec-Fetch-Site) with 403, setting no cookie', async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const response = await login({ 'content-type': 'application/json', ...headers }, json);
      expectProblem(response, 403);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('lets in the app itself (its own origin or PUBLIC_URL) and clients that send neither header', async () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { origin: 'https://dx.pref.example.lg.jp', 'sec-fetch-site': 'same-origin' },
      { origin: 'http://localhost:80', host: 'localhost:80' },
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
    ]) {
      const response = await login({ 'content-type': 'application/json', ...headers }, json);
      expect(response.statusCode).toBe(200);
    }
  });
});
