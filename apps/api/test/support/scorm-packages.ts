// Small SCORM packages built in code for the tests (API and browser): plain HTML/JS SCOs zipped with yazl, and hostile
// archives written byte by byte (yazl itself refuses to write `../` names, symlinks or encrypted entries).
import * as iconv from 'iconv-lite';
import { crc32 } from 'node:zlib';
import { ZipFile } from 'yazl';
// cmi5-package.ts imports zipOf from here; both only call each other's functions later, so the cycle is harmless.
import { cmi5Package } from './cmi5-package';

export type PackageFiles = Record<string, string | Buffer>;

/** A zip of the given files (deflated), as an authoring tool would export it. */
export function zipOf(files: PackageFiles): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) {
    // A fixed time, so the same files give the same bytes (the browser tests' fixtures are compared with them).
    zip.addBuffer(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, name, {
      mtime: new Date('2026-04-01T00:00:00Z'),
    });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export interface RawEntry {
  /** The name's bytes as stored (e.g. Shift_JIS without the UTF-8 flag). */
  name: string | Buffer;
  data?: Buffer;
  /** General purpose bit flag (bit 0 encrypted, bit 11 UTF-8). */
  flags?: number;
  /** Unix mode in the upper 16 bits of the external attributes (0o120777 is a symlink). */
  unixMode?: number;
}

/** A stored (uncompressed) zip written field by field, for archives no well-behaved writer produces. */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const data = entry.data ?? Buffer.alloc(0);
    const flags = entry.flags ?? (typeof entry.name === 'string' ? 0x800 : 0);
    const crc = crc32(data);
    // Traditional (ZipCrypto) encryption puts a 12-byte header before the data.
    const stored = flags & 0x1 ? Buffer.concat([Buffer.alloc(12, 0x5a), data]) : data;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, stored);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/* SCORM 1.2, one SCO ---------------------------------------------------------------------------------------- */

export function scorm12Manifest(launch = 'index.html', masteryScore: number | null = 80): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="JP-PREF-INFOSEC-2026" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>情報セキュリティ研修 2026</title>
      <item identifier="ITEM-1" identifierref="RES-1">
        <title>情報セキュリティの基本</title>
        ${masteryScore === null ? '' : `<adlcp:masteryscore>${masteryScore}</adlcp:masteryscore>`}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="${launch}">
      <file href="index.html"/><file href="sco.js"/>
    </resource>
  </resources>
</manifest>`;
}

/**
 * The SCO: three pages; each 次へ stores the page in cmi.core.lesson_location and the pages seen in suspend_data and
 * commits; the last page scores 90 and sets completed (the manifest's mastery score 80 then makes it passed).
 */
export const SCORM12_SCO_JS = `
var api = window.API;
var page = 1;
function show() {
  document.getElementById('page').textContent = String(page);
  document.getElementById('entry').textContent = api.LMSGetValue('cmi.core.entry');
  document.getElementById('seen').textContent = api.LMSGetValue('cmi.suspend_data');
  document.getElementById('next').textContent = page < 3 ? '次へ' : '修了する';
}
window.addEventListener('load', function () {
  api.LMSInitialize('');
  page = parseInt(api.LMSGetValue('cmi.core.lesson_location'), 10) || 1;
  if (api.LMSGetValue('cmi.core.lesson_status') === 'not attempted') api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
  show();
  document.getElementById('next').addEventListener('click', function () {
    if (page < 3) {
      page += 1;
      api.LMSSetValue('cmi.core.lesson_location', String(page));
      api.LMSSetValue('cmi.suspend_data', 'seen:' + page);
      api.LMSCommit('');
      show();
    } else {
      api.LMSSetValue('cmi.core.score.raw', '90');
      api.LMSSetValue('cmi.core.lesson_status', 'completed');
      api.LMSSetValue('cmi.core.session_time', '00:05:00');
      api.LMSCommit('');
      api.LMSFinish('');
      document.getElementById('done').textContent = '修了しました';
    }
  });
});
`;

export const SCORM12_INDEX_HTML = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>情報セキュリティの基本</title><script src="sco.js"></script></head>
<body>
<main>
<h1>情報セキュリティの基本</h1>
<p>ページ <span id="page">1</span> / 3</p>
<p>開始: <span id="entry"></span> 記録: <span id="seen"></span></p>
<button id="next" type="button">次へ</button>
<p id="done"></p>
</main>
</body></html>`;

export function scorm12Package(): Promise<Buffer> {
  return zipOf({
    'imsmanifest.xml': scorm12Manifest(),
    'index.html': SCORM12_INDEX_HTML,
    'sco.js': SCORM12_SCO_JS,
  });
}

/* SCORM 2004 4th edition, two SCOs in order ------------------------------------------------------------------ */

export function scorm2004Manifest(): string {
  const item = (n: number) => `
      <item identifier="ITEM-${n}" identifierref="RES-${n}">
        <title>第${n}章</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="PRIMARY-${n}" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="JP-PREF-PRIVACY-2026" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1" adlseq:objectivesGlobalToSystem="false">
      <title>個人情報の取扱い</title>${item(1)}${item(2)}
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormType="sco" href="chapter1/index.html">
      <file href="chapter1/index.html"/><file href="shared/sco2004.js"/>
    </resource>
    <resource identifier="RES-2" type="webcontent" adlcp:scormType="sco" href="chapter2/index.html">
      <file href="chapter2/index.html"/><file href="shared/sco2004.js"/>
    </resource>
  </resources>
</manifest>`;
}

/** A SCORM 2004 SCO: 完了 sets a scaled score of 0.9, completed, and terminates (the manifest's 0.8 makes it passed). */
export const SCORM2004_SCO_JS = `
var api = window.API_1484_11;
window.addEventListener('load', function () {
  api.Initialize('');
  document.getElementById('entry').textContent = api.GetValue('cmi.entry');
  document.getElementById('finish').addEventListener('click', function () {
    api.SetValue('cmi.score.scaled', '0.9');
    api.SetValue('cmi.completion_status', 'completed');
    api.SetValue('cmi.session_time', 'PT2M');
    api.Commit('');
    api.Terminate('');
    document.getElementById('done').textContent = '完了しました';
  });
});
`;

const chapter = (n: number) => `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>第${n}章</title><script src="../shared/sco2004.js"></script></head>
<body><main><h1>第${n}章</h1><p>開始: <span id="entry"></span></p>
<button id="finish" type="button">完了</button><p id="done"></p></main></body></html>`;

export function scorm2004Package(): Promise<Buffer> {
  return zipOf({
    'imsmanifest.xml': scorm2004Manifest(),
    'chapter1/index.html': chapter(1),
    'chapter2/index.html': chapter(2),
    'shared/sco2004.js': SCORM2004_SCO_JS,
  });
}

/** The zips the browser tests upload, kept in fixtures/scorm/ (e2e cannot import the API's test code). */
export async function browserFixtures(): Promise<Record<string, Buffer>> {
  return {
    'scorm12-infosec.zip': await scorm12Package(),
    'traversal.zip': HOSTILE.traversal(),
    'cmi5-harassment.zip': await cmi5Package(),
    'cmi5-own-window.zip': await cmi5Package([{ launchMethod: 'OwnWindow' }]),
  };
}

/* Hostile and broken archives ------------------------------------------------------------------------------------ */

const manifest12 = Buffer.from(scorm12Manifest());
const index12 = Buffer.from(SCORM12_INDEX_HTML);

export const HOSTILE = {
  traversal: () =>
    rawZip([
      { name: 'imsmanifest.xml', data: manifest12 },
      { name: 'index.html', data: index12 },
      { name: '../../evil.sh', data: Buffer.from('echo pwned') },
    ]),
  absolute: () =>
    rawZip([
      { name: 'imsmanifest.xml', data: manifest12 },
      { name: '/etc/cron.d/evil', data: index12 },
    ]),
  driveLetter: () =>
    rawZip([
      { name: 'imsmanifest.xml', data: manifest12 },
      { name: 'C:\\Windows\\evil.dll', data: index12 },
    ]),
  symlink: () =>
    rawZip([
      { name: 'imsmanifest.xml', data: manifest12 },
      { name: 'index.html', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 },
    ]),
  encrypted: () =>
    rawZip([
      { name: 'imsmanifest.xml', data: manifest12 },
      { name: 'index.html', data: index12, flags: 0x801 },
    ]),
  /** 20 MB of zeros deflate to ~20 KB: an expansion far above 100×. */
  bomb: () =>
    zipOf({
      'imsmanifest.xml': scorm12Manifest(),
      'index.html': SCORM12_INDEX_HTML,
      'zeros.bin': Buffer.alloc(20e6),
    }),
  tooManyEntries: () =>
    rawZip([
      { name: 'imsmanifest.xml', data: manifest12 },
      { name: 'index.html', data: index12 },
      ...Array.from({ length: 20_001 }, (_, i) => ({ name: `f/${i}.txt`, data: Buffer.from('x') })),
    ]),
  missingLaunch: () =>
    zipOf({ 'imsmanifest.xml': scorm12Manifest('start.html'), 'index.html': SCORM12_INDEX_HTML }),
  noManifest: () => zipOf({ 'index.html': SCORM12_INDEX_HTML }),
  invalidManifest: () =>
    zipOf({ 'imsmanifest.xml': '<manifest><organizations></manifest>', 'index.html': '' }),
  notZip: () => Buffer.from('これはZIPではありません'),
  /** Names in Shift_JIS without the UTF-8 flag, as Japanese Windows tools write them: the launch file is 開始.html. */
  shiftJisNames: () =>
    rawZip([
      { name: 'imsmanifest.xml', data: Buffer.from(scorm12Manifest('教材/開始.html')) },
      { name: iconv.encode('教材/開始.html', 'cp932'), data: index12, flags: 0 },
      {
        name: iconv.encode('教材/画像/図1.png', 'cp932'),
        data: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
        flags: 0,
      },
    ]),
};
