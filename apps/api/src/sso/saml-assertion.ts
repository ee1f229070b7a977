import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';

/** What node-saml leaves to us: the assertion's id, where it was meant to go and until when it holds. */
export interface AssertionFacts {
  id: string | null;
  recipients: string[];
  destination: string | null;
  notOnOrAfter: Date | null;
}

const text = (node: xpath.SelectReturnType): string[] =>
  (Array.isArray(node) ? node : []).map((n) => (n as Attr).value);

/**
 * Reads the facts from the assertion node-saml verified (its signature covers exactly this XML) and from the
 * response around it (for `Destination`).
 */
export function assertionFacts(assertionXml: string, responseXml: string | undefined): AssertionFacts {
  const assertion = new DOMParser().parseFromString(assertionXml, 'text/xml');
  const ids = text(xpath.select("/*[local-name()='Assertion']/@ID", assertion as unknown as Node));
  const confirmations =
    "/*[local-name()='Assertion']/*[local-name()='Subject']/*[local-name()='SubjectConfirmation']/*[local-name()='SubjectConfirmationData']";
  const recipients = text(xpath.select(`${confirmations}/@Recipient`, assertion as unknown as Node));
  const until = text(xpath.select(`${confirmations}/@NotOnOrAfter`, assertion as unknown as Node))
    .concat(
      text(
        xpath.select(
          "/*[local-name()='Assertion']/*[local-name()='Conditions']/@NotOnOrAfter",
          assertion as unknown as Node,
        ),
      ),
    )
    .map((value) => new Date(value))
    .filter((date) => !Number.isNaN(date.getTime()))
    .sort((a, b) => a.getTime() - b.getTime());
  let destination: string | null = null;
  if (responseXml) {
    const response = new DOMParser().parseFromString(responseXml, 'text/xml');
    destination =
      text(xpath.select("/*[local-name()='Response']/@Destination", response as unknown as Node))[0] ?? null;
  }
  return { id: ids[0] ?? null, recipients, destination, notOnOrAfter: until[0] ?? null };
}
