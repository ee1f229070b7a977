import { injectIntoHead } from './content-server';
import { LaunchTokens } from './launch-token';
import { launchFileOf, ManifestError, readScormManifest } from './manifest';
import { unsafeNameReason } from './package-archive';

const manifest2004 = (schemaVersion: string, extra = '') => `<?xml version="1.0"?>
<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>${schemaVersion}</schemaversion></metadata>
  <organizations default="B">
    <organization identifier="A"><title>使わない構成</title><item identifier="X" identifierref="R1"><title>X</title></item></organization>
    <organization identifier="B"><title>研修 &amp; 演習</title>
      <item identifier="P"><title>第1部</title>
        <item identifier="S1" identifierref="R1" parameters="?page=1"><title>導入</title></item>
        <item identifier="S2" identifierref="R2"><title>資料</title></item>
      </item>
    </organization>
  </organizations>
  <resources xml:base="content/">
    <resource identifier="R1" type="webcontent" adlcp:scormType="sco" xml:base="sco1/" href="index.html"/>
    <resource identifier="R2" type="webcontent" adlcp:scormType="asset" href="資料.pdf"/>
  </resources>${extra}
</manifest>`;

describe('readScormManifest', () => {
  it.each([
    ['CAM 1.3', '2004 2nd Edition'],
    ['2004 3rd Edition', '2004 3rd Edition'],
    ['2004 4th Edition', '2004 4th Edition'],
  ])(
    'reads SCORM 2004 %s: the default organization, nested items, xml:base and parameters',
    (schema, version) => {
      expect(readScormManifest(manifest2004(schema))).toEqual({
        title: '研修 & 演習',
        standard: 'scorm2004',
        version,
        // Assets are not tracked: only SCOs.
        scos: [{ id: 'S1', title: '導入', launch: 'content/sco1/index.html?page=1', masteryScore: null }],
      });
    },
  );

  it('refuses what cannot be played, in Japanese', () => {
    expect(() => readScormManifest('<manifest>')).toThrow(ManifestError);
    expect(() =>
      readScormManifest(manifest2004('2004 4th Edition').replace('scormType="sco"', 'scormType="asset"')),
    ).toThrow('起動できるSCOがありません');
    // An unknown schemaversion falls back on the namespaces; with neither, the package is refused.
    expect(readScormManifest(manifest2004('unusual')).version).toBe('2004');
    expect(() => readScormManifest(manifest2004('cmi5').replace(/adlcp_v1p3/g, 'other'))).toThrow(
      '対応していない規格',
    );
    expect(() =>
      readScormManifest(
        `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><manifest><metadata><schemaversion>1.2</schemaversion></metadata></manifest>`,
      ),
    ).toThrow(ManifestError);
    expect(() =>
      readScormManifest(manifest2004('2004 4th Edition').replace('identifierref="R2"', 'identifierref="R9"')),
    ).toThrow('R9');
  });

  it('finds the launch file of an address', () => {
    expect(launchFileOf('content/sco1/index.html?page=1#top')).toBe('content/sco1/index.html');
    expect(launchFileOf('%E9%96%8B%E5%A7%8B.html')).toBe('開始.html');
  });
});

describe('unsafeNameReason', () => {
  it('allows relative names inside the package only', () => {
    expect(unsafeNameReason('a/b/c.html')).toBeNull();
    expect(unsafeNameReason('a/..b/c.html')).toBeNull();
    expect(unsafeNameReason('a/../../c')).toContain('../');
    expect(unsafeNameReason('..\\c')).toContain('../');
    expect(unsafeNameReason('/etc/passwd')).toBe('絶対パス');
    expect(unsafeNameReason('C:/x')).toBe('ドライブ名付きのパス');
    expect(unsafeNameReason('a\0b')).toContain('NUL');
  });
});

describe('injectIntoHead', () => {
  it('puts the run-time API first in <head>, or as early as the page allows', () => {
    expect(injectIntoHead('<html><HEAD lang="ja"><script>x</script></HEAD></html>', '<s/>')).toBe(
      '<html><HEAD lang="ja"><s/><script>x</script></HEAD></html>',
    );
    expect(injectIntoHead('<!DOCTYPE html><html><body>x</body></html>', '<s/>')).toBe(
      '<!DOCTYPE html><html><s/><body>x</body></html>',
    );
    expect(injectIntoHead('<!doctype html><p>x', '<s/>')).toBe('<!doctype html><s/><p>x');
    expect(injectIntoHead('<p>x', '<s/>')).toBe('<s/><p>x');
  });
});

describe('LaunchTokens', () => {
  const grant = {
    tenantId: 1,
    enrollmentId: 2,
    moduleId: 3,
    packageId: 4,
    appOrigin: 'https://dx.pref.example.lg.jp',
    expiresAt: Math.floor(Date.now() / 1000) + 60,
  };

  it('verifies its own tokens and nothing else', () => {
    const tokens = new LaunchTokens('a-secret-of-at-least-32-characters-long!');
    const token = tokens.sign(grant);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(tokens.verify(token)).toEqual(grant);
    expect(new LaunchTokens('another-secret-of-32-characters-long!!').verify(token)).toBeNull();
    expect(tokens.verify(token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toBeNull();
    expect(tokens.verify(`${token}.x`)).toBeNull();
    expect(tokens.verify('')).toBeNull();
    expect(tokens.verify(token, (grant.expiresAt + 1) * 1000)).toBeNull();
  });
});
