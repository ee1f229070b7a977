import {
  certificationState,
  certificationValidUntil,
  claimMismatches,
  credentialJwtClaims,
  fromMultibaseBase64url,
  issuerUrls,
  multibaseBase64url,
  pngInternationalText,
  specialistCredential,
  statusBit,
  statusBitstring,
  STATUS_LIST_BITS,
} from './open-badges';

const urls = issuerUrls('https://dx.example.jp/api/v1/credentials/', 'mie');

const credential = specialistCredential({
  urls,
  issuerName: '三重県',
  credentialId: 'urn:uuid:7f0c7a56-8f7e-4d2b-9d8e-0a1b2c3d4e5f',
  subjectId: 'urn:uuid:11111111-2222-4333-8444-555555555555',
  recipientName: '髙橋 𠮷子',
  certifiedOn: '2026-04-10',
  validUntil: '2029-04-09',
  statusListIndex: 42,
});

describe('the DX推進スペシャリスト OpenBadgeCredential', () => {
  it('is a VC 2.0 OpenBadgeCredential whose issuer, achievement and status list are the tenant’s public URLs', () => {
    expect(credential['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.issuer).toEqual({
      id: 'https://dx.example.jp/api/v1/credentials/mie/issuer',
      type: ['Profile'],
      name: '三重県',
    });
    expect(credential.credentialSubject.achievement.id).toBe(
      'https://dx.example.jp/api/v1/credentials/mie/achievements/dx-specialist',
    );
    expect(credential.credentialSubject.identifier[0].identityHash).toBe('髙橋 𠮷子');
    expect(credential.credentialStatus).toEqual({
      id: 'https://dx.example.jp/api/v1/credentials/mie/status/revocation#42',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '42',
      statusListCredential: 'https://dx.example.jp/api/v1/credentials/mie/status/revocation',
    });
    expect(credential.validFrom).toBe('2026-04-10T00:00:00+09:00');
    expect(credential.validUntil).toBe('2029-04-09T23:59:59+09:00');
  });

  it('maps iss, sub, jti, nbf and exp from the credential (OB 3.0 §8.2) and names any claim that differs', () => {
    const claims = credentialJwtClaims(credential);
    expect(claims).toEqual({
      iss: credential.issuer.id,
      sub: credential.credentialSubject.id,
      jti: credential.id,
      nbf: Date.parse('2026-04-09T15:00:00Z') / 1000,
      exp: Date.parse('2029-04-09T14:59:59Z') / 1000,
    });
    expect(claimMismatches({ ...credential, ...claims }, credential)).toEqual([]);
    expect(claimMismatches({ ...claims, sub: 'urn:uuid:someone-else', exp: 1 }, credential)).toEqual([
      'sub',
      'exp',
    ]);
  });
});

describe('the certification period', () => {
  it.each([
    ['2026-04-10', 3, '2029-04-09'],
    ['2026-04-01', 1, '2027-03-31'],
    ['2027-01-01', 5, '2031-12-31'],
    ['2028-02-29', 1, '2029-02-28'],
    ['2028-02-29', 4, '2032-02-28'],
  ])('certified on %s for %i years is valid until %s', (on, years, until) => {
    expect(certificationValidUntil(on, years)).toBe(until);
  });

  it('is valid on its first and last day, expired the day after, and revoked whatever the day', () => {
    const c = { certifiedOn: '2026-04-10', validUntil: '2029-04-09', revoked: false };
    expect(certificationState(c, '2026-04-10')).toBe('valid');
    expect(certificationState(c, '2029-04-09')).toBe('valid');
    expect(certificationState(c, '2029-04-10')).toBe('expired');
    expect(certificationState(c, '2026-04-09')).toBe('not_yet_valid');
    expect(certificationState({ ...c, revoked: true }, '2027-01-01')).toBe('revoked');
  });
});

describe('the W3C Bitstring Status List', () => {
  it('sets bit i at byte i/8 counting from the most significant bit, 16 KiB long', () => {
    const bits = statusBitstring([0, 9, STATUS_LIST_BITS - 1]);
    expect(bits.length).toBe(16 * 1024);
    expect(bits[0]).toBe(0b1000_0000);
    expect(bits[1]).toBe(0b0100_0000);
    expect(bits[bits.length - 1]).toBe(0b0000_0001);
    expect([0, 1, 8, 9, 10, STATUS_LIST_BITS - 1].map((i) => statusBit(bits, i))).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
    expect(() => statusBitstring([STATUS_LIST_BITS])).toThrow(RangeError);
  });

  it('round-trips bytes through multibase base64url without padding', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 255]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 250) & 0xff);
      const text = multibaseBase64url(bytes);
      expect(text).toMatch(/^u[A-Za-z0-9_-]*$/);
      expect(Array.from(fromMultibaseBase64url(text)!)).toEqual(Array.from(bytes));
    }
    expect(multibaseBase64url(Uint8Array.from([0xfb, 0xff]))).toBe('u-_8');
    expect(fromMultibaseBase64url('zabc')).toBeNull();
    expect(fromMultibaseBase64url('ua+b')).toBeNull();
  });
});

describe('reading a baked PNG', () => {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set(
      Array.from(type, (c) => c.charCodeAt(0)),
      4,
    );
    out.set(data, 8);
    return out; // CRC left zero: the reader does not need it.
  };
  const itxt = (keyword: string, text: string, compressed = 0) =>
    chunk(
      'iTXt',
      Uint8Array.from([
        ...Array.from(keyword, (c) => c.charCodeAt(0)),
        0,
        compressed,
        0,
        0,
        0,
        ...new TextEncoder().encode(text),
      ]),
    );
  const png = (...chunks: Uint8Array[]) =>
    Uint8Array.from([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...chunks.flatMap((c) => Array.from(c)),
    ]);

  it('finds the first openbadgecredential iTXt chunk and reads its UTF-8 text', () => {
    const bytes = png(
      chunk('IHDR', new Uint8Array(13)),
      itxt('Comment', 'not this'),
      itxt('openbadgecredential', 'header.payload.署名'),
      itxt('openbadgecredential', 'second'),
      chunk('IEND', new Uint8Array(0)),
    );
    expect(pngInternationalText(bytes)).toBe('header.payload.署名');
  });

  it('reads nothing from a PNG without the chunk, a compressed chunk, or bytes that are not a PNG', () => {
    expect(
      pngInternationalText(png(chunk('IHDR', new Uint8Array(13)), chunk('IEND', new Uint8Array(0)))),
    ).toBeNull();
    expect(pngInternationalText(png(itxt('openbadgecredential', 'x', 1)))).toBeNull();
    expect(pngInternationalText(new TextEncoder().encode('eyJhbGciOi…'))).toBeNull();
  });
});
