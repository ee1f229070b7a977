import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { fixturePath } from './test-app';

/** A throwaway signing key pair of the repository's fixtures (`fixtures/saml/`). */
export function samlKeyPair(name: 'idp' | 'other-idp'): { key: string; certificate: string } {
  return {
    key: readFileSync(fixturePath(`saml/${name}.key`), 'utf8'),
    certificate: readFileSync(fixturePath(`saml/${name}.crt`), 'utf8'),
  };
}

/** The id of the AuthnRequest in an HTTP-Redirect binding's address (deflated, base64). */
export function authnRequestOf(redirectUrl: string): { id: string; xml: string } {
  const request = new URL(redirectUrl).searchParams.get('SAMLRequest')!;
  const xml = inflateRawSync(Buffer.from(request, 'base64')).toString('utf8');
  return { id: /\bID="([^"]+)"/.exec(xml)![1], xml };
}

export interface AssertionOptions {
  inResponseTo: string;
  audience: string;
  acs: string;
  employeeNo: string;
  issuer?: string;
  assertionId?: string;
  /** Seconds from now until the assertion ends (negative: already ended). */
  validForSeconds?: number;
  recipient?: string;
  signWith?: 'idp' | 'other-idp' | 'none';
  /** Changes the signed assertion afterwards (a tampered attribute). */
  tamper?: (xml: string) => string;
}

const iso = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString();

/** A SAMLResponse (base64) as an IdP's HTTP-POST binding sends it, the assertion signed as options say. */
export function samlResponse(options: AssertionOptions): string {
  const issuer = options.issuer ?? 'https://idp.test.example.lg.jp/saml';
  const assertionId = options.assertionId ?? `_a${randomUUID()}`;
  const until = iso(options.validForSeconds ?? 300);
  const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${iso(0)}">
<saml:Issuer>${issuer}</saml:Issuer>
<saml:Subject>
<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">staff-${options.employeeNo}</saml:NameID>
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
<saml:SubjectConfirmationData InResponseTo="${options.inResponseTo}" NotOnOrAfter="${until}" Recipient="${options.recipient ?? options.acs}"/>
</saml:SubjectConfirmation>
</saml:Subject>
<saml:Conditions NotBefore="${iso(-60)}" NotOnOrAfter="${until}">
<saml:AudienceRestriction><saml:Audience>${options.audience}</saml:Audience></saml:AudienceRestriction>
</saml:Conditions>
<saml:AuthnStatement AuthnInstant="${iso(0)}" SessionIndex="${assertionId}">
<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
</saml:AuthnStatement>
<saml:AttributeStatement>
<saml:Attribute Name="employeeNumber"><saml:AttributeValue>${options.employeeNo}</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="displayName"><saml:AttributeValue>職員 ${options.employeeNo}</saml:AttributeValue></saml:Attribute>
</saml:AttributeStatement>
</saml:Assertion>`;
  let signed = assertion;
  if (options.signWith !== 'none') {
    const pair = samlKeyPair(options.signWith ?? 'idp');
    const signature = new SignedXml({
      privateKey: pair.key,
      publicCert: pair.certificate,
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    });
    signature.addReference({
      xpath: "//*[local-name(.)='Assertion']",
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      transforms: [
        'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
        'http://www.w3.org/2001/10/xml-exc-c14n#',
      ],
    });
    signature.computeSignature(assertion, {
      location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
    });
    signed = signature.getSignedXml();
  }
  if (options.tamper) signed = options.tamper(signed);
  const response = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${iso(0)}" Destination="${options.acs}" InResponseTo="${options.inResponseTo}">
<saml:Issuer>${issuer}</saml:Issuer>
<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
${signed}
</samlp:Response>`;
  return Buffer.from(response, 'utf8').toString('base64');
}
