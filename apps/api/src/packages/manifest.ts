import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PackageScoView, PackageStandard } from '@dx/contract';

/** What a manifest says, as far as this LMS uses it. */
export interface ManifestSummary {
  title: string;
  standard: PackageStandard;
  version: string;
  scos: PackageScoView[];
}

/** A manifest that cannot be played, with the Japanese reason. */
export class ManifestError extends Error {}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Only the XML-defined entities; a DOCTYPE's own entities are not expanded (no billion laughs).
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['organization', 'item', 'resource', 'file', 'dependency'].includes(name),
});

const text = (value: unknown): string => {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && '#text' in value) return String((value as Node)['#text']).trim();
  return '';
};
const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : []);
const attr = (node: Node, name: string): string => {
  // Attribute names lose their namespace prefix (adlcp:scormtype → scormtype); SCORM 1.2 spells it scormtype,
  // SCORM 2004 scormType.
  const key = Object.keys(node).find((k) => k.toLowerCase() === `@${name.toLowerCase()}`);
  return key ? String(node[key]).trim() : '';
};

/** Reads `imsmanifest.xml` of a SCORM 1.2 or SCORM 2004 (2nd–4th edition) package. */
export function readScormManifest(xml: string): ManifestSummary {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ManifestError(
      `imsmanifest.xml が正しいXMLではありません（${valid.err.line}行目: ${valid.err.msg}）。`,
    );
  }
  if (/<!ENTITY/i.test(xml)) throw new ManifestError('imsmanifest.xml にエンティティ宣言は使えません。');
  const doc = parser.parse(xml) as Node;
  const manifest = doc['manifest'] as Node | undefined;
  if (!manifest || typeof manifest !== 'object')
    throw new ManifestError('imsmanifest.xml に manifest 要素がありません。');

  const { standard, version } = standardOf(manifest, xml);
  const organizations = (manifest['organizations'] ?? {}) as Node;
  const orgs = list(organizations['organization']);
  const defaultId = attr(organizations, 'default');
  const org = orgs.find((o) => attr(o, 'identifier') === defaultId) ?? orgs[0];
  if (!org) throw new ManifestError('imsmanifest.xml に organization（教材の構成）がありません。');

  const resourcesNode = (manifest['resources'] ?? {}) as Node;
  const base = attr(resourcesNode, 'base');
  const resources = new Map(list(resourcesNode['resource']).map((r) => [attr(r, 'identifier'), r]));

  const scos: PackageScoView[] = [];
  const walk = (items: Node[]) => {
    for (const item of items) {
      const ref = attr(item, 'identifierref');
      if (ref) {
        const resource = resources.get(ref);
        if (!resource) {
          throw new ManifestError(
            `項目「${text(item['title']) || attr(item, 'identifier')}」の参照先リソース ${ref} が resources にありません。`,
          );
        }
        const type = attr(resource, 'scormtype').toLowerCase();
        const href = attr(resource, 'href');
        if (type === 'sco') {
          if (!href) throw new ManifestError(`リソース ${ref} に起動ファイル（href）がありません。`);
          const parameters = attr(item, 'parameters');
          const launch = joinBase(base, attr(resource, 'base'), href) + parametersOf(parameters);
          scos.push({
            id: attr(item, 'identifier') || ref,
            title: text(item['title']) || ref,
            launch,
            masteryScore: masteryOf(standard, item),
          });
        }
      }
      walk(list(item['item']));
    }
  };
  walk(list(org['item']));
  if (scos.length === 0) throw new ManifestError('imsmanifest.xml に起動できるSCOがありません。');
  if (scos.length > 200) throw new ManifestError('SCOが多すぎます（200個まで）。');
  const title = text(org['title']) || text(((manifest['metadata'] ?? {}) as Node)['title']) || scos[0].title;
  return { title: title.slice(0, 200), standard, version, scos };
}

function standardOf(manifest: Node, xml: string): { standard: PackageStandard; version: string } {
  const metadata = (manifest['metadata'] ?? {}) as Node;
  const schemaVersion = text(metadata['schemaversion']);
  if (schemaVersion === '1.2') return { standard: 'scorm12', version: '1.2' };
  if (schemaVersion === 'CAM 1.3') return { standard: 'scorm2004', version: '2004 2nd Edition' };
  const edition = /^2004 (3rd|4th) Edition$/.exec(schemaVersion);
  if (edition) return { standard: 'scorm2004', version: schemaVersion };
  // No (or an unusual) schemaversion: the namespaces say which.
  if (xml.includes('adlcp_rootv1p2')) return { standard: 'scorm12', version: '1.2' };
  if (xml.includes('adlcp_v1p3')) return { standard: 'scorm2004', version: '2004' };
  throw new ManifestError(
    `対応していない規格です（schemaversion: ${schemaVersion || 'なし'}）。SCORM 1.2 または SCORM 2004 の教材を選んでください。`,
  );
}

function masteryOf(standard: PackageStandard, item: Node): number | null {
  if (standard === 'scorm12') {
    const value = Number(text(item['masteryscore']));
    return text(item['masteryscore']) !== '' && Number.isFinite(value) ? value : null;
  }
  const sequencing = (item['sequencing'] ?? {}) as Node;
  const primary = (((sequencing['objectives'] ?? {}) as Node)['primaryObjective'] ?? {}) as Node;
  if (attr(primary, 'satisfiedByMeasure') !== 'true') return null;
  const measure = text(primary['minNormalizedMeasure']);
  const value = Number(measure || '1');
  return Number.isFinite(value) ? value : null;
}

function joinBase(...parts: string[]): string {
  return parts.filter(Boolean).join('').replace(/\\/g, '/');
}

function parametersOf(parameters: string): string {
  if (!parameters) return '';
  return parameters.startsWith('?') || parameters.startsWith('#') ? parameters : `?${parameters}`;
}

/** The file inside the package that a launch address names (without query and fragment, percent-decoded). */
export function launchFileOf(launch: string): string {
  const path = launch.split(/[?#]/)[0];
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
