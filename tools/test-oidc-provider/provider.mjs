// A real OpenID Connect provider for the tests (oidc-provider, its development login and consent pages), in a
// process of its own: the app under test discovers it, sends browsers to it and redeems codes at it over HTTP.
// IDP_CONFIG (JSON): { port?, clients: [{ client_id, client_secret, redirect_uris, post_logout_redirect_uris? }],
// logout? } (no port: a free one; logout false: no RP-initiated logout, so no end_session_endpoint); it
// prints `idp ready <issuer>` once it listens. The account id typed on the
// login page is the 職員番号 (`preferred_username`). `POST /__test/id-token` { mode } makes the token endpoint hand
// out a spoiled ID token from then on: 'bad-signature', 'wrong-audience', 'expired', or 'normal' again.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import Provider from 'oidc-provider';

const { port: wantedPort, clients, logout = true } = JSON.parse(process.env.IDP_CONFIG);
let callback;
const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/__test/id-token') {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      mode = JSON.parse(text).mode;
      res.end('ok');
    });
    return;
  }
  if (mode !== 'normal' && req.url?.startsWith('/token')) interceptTokenResponse(res);
  callback(req, res);
});
await new Promise((listening) => server.listen(wantedPort ?? 0, '127.0.0.1', listening));
const issuer = `http://127.0.0.1:${server.address().port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };
const signingKey = await importJWK(jwk, 'RS256');

const provider = new Provider(issuer, {
  clients: clients.map((client) => ({
    ...client,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks: { keys: [jwk] },
  cookies: { keys: ['oidc-test-cookie-key-0123456789abcdef'] },
  claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: logout } },
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: `staff-${id}`, preferred_username: id, name: `職員 ${id}` }),
  }),
});
provider.on('server_error', (_ctx, error) => console.error('idp server_error', error));

let mode = 'normal';

async function spoil(idToken) {
  if (mode === 'bad-signature') {
    const [header, payload, signature] = idToken.split('.');
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    return [header, payload, flipped].join('.');
  }
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'wrong-audience') claims.aud = 'another-client';
  if (mode === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  return new SignJWT(claims).setProtectedHeader(decodeProtectedHeader(idToken)).sign(signingKey);
}

/** The token endpoint's answer, its ID token spoiled as `mode` says. */
function interceptTokenResponse(res) {
  const chunks = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = (chunk) => (chunks.push(Buffer.from(chunk)), true);
  res.end = (chunk) => {
    if (chunk) chunks.push(Buffer.from(chunk));
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    void (async () => {
      if (body.id_token) body.id_token = await spoil(body.id_token);
      const text = JSON.stringify(body);
      res.setHeader('content-length', Buffer.byteLength(text));
      write(text);
      end();
    })();
    return res;
  };
}

callback = provider.callback();
console.log(`idp ready ${issuer}`);
