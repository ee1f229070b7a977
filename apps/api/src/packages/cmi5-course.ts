import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Cmi5MoveOn, PackageScoView } from '@dx/contract';
import { CMI5_MOVE_ON_VALUES } from '@dx/domain';
import { ManifestError, type ManifestSummary } from './manifest';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['au', 'block', 'langstring'].includes(name),
});

const list = (value: unknown): Node[] =>
  Array.isArray(value) ? (value as Node[]) : value ? [value as Node] : [];
const attr = (node: Node, name: string): string => String(node[`@${name}`] ?? '').trim();
const text = (value: unknown): string => {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && '#text' in value) return String((value as Node)['#text']).trim();
  return '';
};

/** The text of a cmi5 `title` (langstrings): Japanese first, then the first one. */
function langText(node: unknown): string {
  const strings = list((node as Node | undefined)?.['langstring']);
  const ja = strings.find((s) => /^ja/i.test(attr(s, 'lang')));
  return text(ja ?? strings[0]);
}

const isAbsolute = (url: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(url);

/** What a cmi5 course says: the course (publisher id, title) and its AUs in document order (each with its blocks). */
export interface Cmi5CourseSummary extends ManifestSummary {
  courseId: string;
}

/** Reads `cmi5.xml` (cmi5 Course Structure, https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd). */
export function readCmi5Course(xml: string): Cmi5CourseSummary {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new ManifestError(
      `cmi5.xml が正しいXMLではありません（${valid.err.line}行目: ${valid.err.msg}）。`,
    );
  if (/<!ENTITY/i.test(xml)) throw new ManifestError('cmi5.xml にエンティティ宣言は使えません。');
  const root = (parser.parse(xml) as Node)['courseStructure'] as Node | undefined;
  if (!root || typeof root !== 'object')
    throw new ManifestError('cmi5.xml に courseStructure 要素がありません。');
  const course = root['course'] as Node | undefined;
  const courseId = course ? attr(course, 'id') : '';
  if (!course || !courseId) throw new ManifestError('cmi5.xml に course 要素（id 付き）がありません。');
  if (!isAbsolute(courseId)) throw new ManifestError(`course の id（${courseId}）はIRIにしてください。`);
  const aus: PackageScoView[] = [];
  const blockIds = new Set<string>();
  // AUs in document order (blocks flattened); each AU keeps the blocks around it, for the blocks' satisfied.
  const walk = (node: Node, blocks: string[]) => {
    for (const au of list(node['au'])) aus.push(auOf(au, blocks));
    for (const block of list(node['block'])) {
      const id = attr(block, 'id');
      const title = langText(block['title']) || id;
      if (!id || !isAbsolute(id))
        throw new ManifestError(`ブロック「${title}」の id はIRIにしてください（${id || 'なし'}）。`);
      if (blockIds.has(id)) throw new ManifestError(`ブロックの id が重複しています（${id}）。`);
      blockIds.add(id);
      walk(block, [...blocks, id]);
    }
  };
  walk(root, []);
  if (aus.length === 0) throw new ManifestError('cmi5.xml に AU（起動できる教材の単位）がありません。');
  if (aus.length > 200) throw new ManifestError('AUが多すぎます（200個まで）。');
  const ids = new Set<string>();
  for (const au of aus) {
    if (ids.has(au.id)) throw new ManifestError(`AU の id が重複しています（${au.id}）。`);
    ids.add(au.id);
  }
  const title = langText(course['title']) || aus[0].title;
  return { title: title.slice(0, 200), standard: 'cmi5', version: '1.0', scos: aus, courseId };
}

function auOf(au: Node, blocks: string[]): PackageScoView {
  const id = attr(au, 'id');
  const title = langText(au['title']) || id;
  if (!id || !isAbsolute(id))
    throw new ManifestError(`AU「${title}」の id はIRIにしてください（${id || 'なし'}）。`);
  const url = text(au['url']);
  if (!url) throw new ManifestError(`AU「${title}」に url（起動ファイル）がありません。`);
  if (isAbsolute(url) && !/^https?:/i.test(url))
    throw new ManifestError(`AU「${title}」の url は http(s) か相対パスにしてください（${url}）。`);
  const moveOn = (attr(au, 'moveOn') || 'NotApplicable') as Cmi5MoveOn;
  if (!(CMI5_MOVE_ON_VALUES as readonly string[]).includes(moveOn))
    throw new ManifestError(`AU「${title}」の moveOn（${moveOn}）は cmi5 の値ではありません。`);
  const launchMethod = attr(au, 'launchMethod') || 'AnyWindow';
  if (launchMethod !== 'AnyWindow' && launchMethod !== 'OwnWindow')
    throw new ManifestError(`AU「${title}」の launchMethod（${launchMethod}）は cmi5 の値ではありません。`);
  const mastery = attr(au, 'masteryScore');
  const masteryScore = mastery === '' ? null : Number(mastery);
  if (masteryScore !== null && !(masteryScore >= 0 && masteryScore <= 1))
    throw new ManifestError(`AU「${title}」の masteryScore は 0〜1 の数値です（${mastery}）。`);
  const parameters = text(au['launchParameters']);
  const entitlementKey = text(au['entitlementKey']);
  return {
    id,
    title: title.slice(0, 200),
    launch: url,
    masteryScore,
    moveOn,
    launchMethod,
    launchParameters: parameters === '' ? null : parameters,
    ...(entitlementKey ? { entitlementKey } : {}),
    ...(blocks.length > 0 ? { blocks } : {}),
  };
}

/** Whether an AU's url is a file of the package (relative) rather than an address elsewhere. */
export const isPackageFile = (url: string): boolean => !isAbsolute(url) && !url.startsWith('//');
