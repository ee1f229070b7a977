import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_BASE } from '@dx/contract';
import { isXapiUrl, XAPI_BODY_LIMIT } from '../xapi/xapi-http';

export const SAML_ACS_FORM = 'application/x-www-form-urlencoded';
const ACS = new RegExp(`^${API_BASE}/auth/saml/[^/?]+/acs(\\?|$)`);
/** A SAMLResponse is a signed XML document in base64: large, but not that large. */
const ACS_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * The IdP's browser POSTs its answer as a form. Such a body is parsed for the assertion consumer service only; the
 * xAPI resources keep theirs as raw bytes (the alternate request syntax), everywhere else it stays a 415.
 */
export function useSamlAcsForms(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    SAML_ACS_FORM,
    { parseAs: 'buffer', bodyLimit: Math.max(ACS_BODY_LIMIT, XAPI_BODY_LIMIT) },
    (request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: unknown) => void) => {
      if (isXapiUrl(request.url)) return done(null, body);
      if (ACS.test(request.url) && body.length <= ACS_BODY_LIMIT)
        return done(null, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
      done(Object.assign(new Error('本文は JSON で送ってください。'), { statusCode: 415 }));
    },
  );
}
