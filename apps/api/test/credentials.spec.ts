import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { gunzipSync } from 'node:zlib';
import {
  addDays,
  certificationValidUntil,
  fromMultibaseBase64url,
  pngInternationalText,
  statusBit,
} from '@dx/domain';
import type {
  CredentialDownload,
  CredentialVerification,
  MySpecialistCredential,
  SpecialistCertificationView,
} from '@dx/contract';
import { pngChunksIntact } from '../src/credentials/png-bake';
import {
  adminAuth,
  Auth,
  createTenant,
  createUser,
  expectProblem,
  importOk,
  JAPANESE,
  loginAs,
  multipartForm,
  orgCsv,
  person,
  staffAuth,
  staffCsv,
  todayInTokyoForTests,
} from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'https://dx.example.jp';
const FIRST = '2026-04-01';
const PASSWORD = 'credentials-test-password';
const today = todayInTokyoForTests();
const fiscalYear = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0);

const ORG = [
  { code: '300000', name: '政策部', kind: '部局' },
  { code: '300100', name: 'デジタル推進課', kind: '所属', parent: '300000' },
];
const AKI = '510001'; // at 実践: certified when the evaluator passes her last 課題
const BEN = '510002'; // at 基礎 when his 課題 passes: certified only once HR moves him to 実践
const CHO = '510003'; // HR records her at 認定 with an earlier date
const CHIEF = '510009'; // 課長 of the section: a manager, not HR

/** The path of a public URL of this app (what an outside verifier would fetch over HTTPS). */
function pathOf(url: string): string {
  expect(url.startsWith(`${PUBLIC_URL}/api/v1/credentials/`)).toBe(true);
  return url.slice(PUBLIC_URL.length);
}

describe('DX推進スペシャリスト certification as an Open Badges 3.0 credential', () => {
  let t: TestApp;
  let admin: Auth;
  let hr: Auth;
  const as: Record<string, Auth> = {};

  const get = (auth: Auth | undefined, url: string) => t.request({ method: 'GET', url, headers: auth ?? {} });
  const list = async (auth: Auth = hr): Promise<SpecialistCertificationView[]> => {
    const response = await get(auth, '/api/v1/specialist-certifications');
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const verify = async (payload: Record<string, string>): Promise<CredentialVerification> => {
    const response = await t.request({ method: 'POST', url: '/api/v1/credentials/verify', payload });
    expect({ status: response.statusCode, body: response.body.slice(0, 300) }).toMatchObject({ status: 200 });
    return response.json();
  };
  const setStage = async (employeeNo: string, stage: string, certifiedOn?: string) => {
    const response = await t.request({
      method: 'PUT',
      url: `/api/v1/specialist-cohorts/SP-CRED/members/${employeeNo}`,
      headers: hr,
      payload: { stage, joinedOn: `${fiscalYear}-05-01`, ...(certifiedOn ? { certifiedOn } : {}) },
    });
    expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: 204 });
  };
  /** Does every module of SPECIALIST-BASIC but its 課題 (arranged), hands the 課題 in, and returns the submission. */
  const handIn = async (employeeNo: string): Promise<number> => {
    const detail = (
      await get(as[employeeNo], `/api/v1/me/courses/SPECIALIST-BASIC?fiscalYear=${fiscalYear}`)
    ).json() as { modules: { id: number; kind: string }[] };
    const assignment = detail.modules.find((m) => m.kind === 'assignment')!;
    await t.db.query(
      `INSERT INTO module_progress (tenant_id, enrollment_id, module_id, source)
       SELECT e.tenant_id, e.id, m.id, 'test' FROM enrollment e JOIN staff s ON s.id = e.staff_id
         JOIN course c ON c.id = e.course_id AND c.code = 'SPECIALIST-BASIC'
         JOIN course_module m ON m.course_id = c.id AND m.version = e.course_version AND m.kind <> 'assignment'
        WHERE s.employee_no = $1 AND e.fiscal_year = $2`,
      [employeeNo, fiscalYear],
    );
    const { payload, headers } = multipartForm([{ name: 'text', value: '業務フローを見直した改善案です。' }]);
    const submitted = await t.request({
      method: 'POST',
      url: `/api/v1/me/courses/SPECIALIST-BASIC/modules/${assignment.id}/submission?fiscalYear=${fiscalYear}`,
      headers: { ...headers, ...as[employeeNo] },
      payload,
    });
    expect({ status: submitted.statusCode, body: submitted.body }).toMatchObject({ status: 200 });
    const [row] = await t.db.query(
      `SELECT sub.id FROM assignment_submission sub JOIN enrollment e ON e.id = sub.enrollment_id
         JOIN staff s ON s.id = e.staff_id WHERE s.employee_no = $1 AND sub.module_id = $2`,
      [employeeNo, assignment.id],
    );
    return row.id;
  };
  const pass = async (submissionId: number) => {
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/submissions/${submissionId}/evaluation`,
      headers: hr,
      payload: { result: 'passed', comment: '' },
    });
    expect({ status: response.statusCode, body: response.body }).toMatchObject({ status: 204 });
  };
  const mine = async (employeeNo: string): Promise<MySpecialistCredential[]> =>
    (await get(as[employeeNo], '/api/v1/me/specialist-credentials')).json();
  const download = async (employeeNo: string): Promise<CredentialDownload> => {
    const [own] = await mine(employeeNo);
    const response = await get(as[employeeNo], `/api/v1/me/specialist-credentials/${own.id}/credential`);
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL, VERIFICATIONS_PER_MINUTE: '10000' });
    admin = await adminAuth(t);
    await importOk(t, 'org-units', admin, orgCsv(ORG), { effectiveDate: FIRST });
    await importOk(
      t,
      'staff',
      admin,
      staffCsv([
        person(AKI, { name: '髙橋 亜紀', unit: '300100' }),
        person(BEN, { name: '山﨑 勉', unit: '300100' }),
        person(CHO, { name: '𠮷田 蝶子', unit: '300100' }),
        person(CHIEF, { name: '課長 太郎', unit: '300100', position: '課長' }),
      ]),
      { effectiveDate: FIRST },
    );
    await createUser(t, { loginId: 'cred-hr', password: PASSWORD, roles: ['hr'] });
    hr = await loginAs(t, 'cred-hr', PASSWORD);
    for (const no of [AKI, BEN, CHO, CHIEF]) as[no] = await staffAuth(t, admin, no, PASSWORD);
    const cohort = await t.request({
      method: 'POST',
      url: '/api/v1/specialist-cohorts',
      headers: hr,
      payload: { code: 'SP-CRED', name: 'スペシャリスト養成（認定テスト）', fiscalYear },
    });
    expect(cohort.statusCode).toBe(201);
    await setStage(AKI, '実践');
    await setStage(BEN, '基礎');
  });
  afterAll(() => t?.close());

  describe('certification', () => {
    it('passing the last 課題 of a member at the last stage certifies her for the tenant’s period (3 years)', async () => {
      expect(await list()).toEqual([]);
      await pass(await handIn(AKI));
      const [aki] = await list();
      expect(aki).toEqual({
        id: expect.any(Number),
        employeeNo: AKI,
        name: '髙橋 亜紀',
        unitName: 'デジタル推進課',
        cohortCode: 'SP-CRED',
        certifiedOn: today,
        validUntil: certificationValidUntil(today, 3),
        status: 'valid',
        revokedAt: null,
        revokedReason: null,
      });
      // The cohort (and so the KPI count) shows her at 認定 from the same day.
      const cohorts = (await get(hr, '/api/v1/specialist-cohorts')).json();
      expect(cohorts[0].members.find((m: { employeeNo: string }) => m.employeeNo === AKI)).toMatchObject({
        stage: '認定',
        certifiedOn: today,
      });
      const [line] = await t.db.query(
        `SELECT actor_login_id, subject_employee_no, detail FROM audit_log WHERE action = 'certification.granted'`,
      );
      expect(line).toMatchObject({ actor_login_id: 'cred-hr', subject_employee_no: AKI });
    });

    it('a member whose 課題 passes before the last stage is certified when HR moves him to it, once', async () => {
      await pass(await handIn(BEN));
      expect((await list()).map((c) => c.employeeNo)).toEqual([AKI]);
      await setStage(BEN, '実践');
      expect((await list()).map((c) => c.employeeNo).sort()).toEqual([AKI, BEN]);
      // The check is idempotent: nobody is certified twice.
      const check = await t.request({
        method: 'POST',
        url: '/api/v1/specialist-certifications/check',
        headers: hr,
      });
      expect(check.json()).toEqual({ granted: 0 });
      expect(await list()).toHaveLength(2);
    });

    it('the period is HR’s tenant setting: 5 years applies to certifications granted from then on', async () => {
      expect((await get(hr, '/api/v1/specialist-certifications/settings')).json()).toEqual({
        validityYears: 3,
      });
      const refused = expectProblem(
        await t.request({
          method: 'PUT',
          url: '/api/v1/specialist-certifications/settings',
          headers: hr,
          payload: { validityYears: 0 },
        }),
        422,
      );
      expect(String(refused.detail) + JSON.stringify(refused.errors)).toMatch(JAPANESE);
      const changed = await t.request({
        method: 'PUT',
        url: '/api/v1/specialist-certifications/settings',
        headers: hr,
        payload: { validityYears: 5 },
      });
      expect(changed.json()).toEqual({ validityYears: 5 });
      // HR records 蝶子 at 認定 with the day she was certified (before this system): certified from that day.
      await setStage(CHO, '認定', `${fiscalYear}-06-01`);
      const cho = (await list()).find((c) => c.employeeNo === CHO)!;
      expect(cho).toMatchObject({
        certifiedOn: `${fiscalYear}-06-01`,
        validUntil: `${fiscalYear + 5}-05-31`,
        status: 'valid',
      });
      // Those certified before keep their period.
      expect((await list()).find((c) => c.employeeNo === AKI)!.validUntil).toBe(
        certificationValidUntil(today, 3),
      );
    });
  });

  describe('the credential', () => {
    it('verifies with only the public URLs: the kid’s JWK, the issuer Profile, the achievement, the status list', async () => {
      const { jwt, credential } = await download(AKI);
      const header = decodeProtectedHeader(jwt);
      expect(header).toEqual({
        alg: 'EdDSA',
        kid: `${PUBLIC_URL}/api/v1/credentials/default/key`,
        typ: 'JWT',
      });

      // An outside verifier: dereference the kid, verify the signature, check the §8.2 claims.
      const jwkResponse = await get(undefined, pathOf(header.kid!));
      expect(jwkResponse.statusCode).toBe(200);
      const jwk = jwkResponse.json();
      expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: header.kid });
      expect(jwk).not.toHaveProperty('d');
      const { payload } = await compactVerify(jwt, await importJWK(jwk, 'EdDSA'));
      const vc = JSON.parse(new TextDecoder().decode(payload));
      expect(vc).toEqual(credential);
      expect(vc).toMatchObject({
        '@context': ['https://www.w3.org/ns/credentials/v2', expect.stringContaining('ob/v3p0/context-3.0')],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        iss: vc.issuer.id,
        sub: vc.credentialSubject.id,
        jti: vc.id,
        nbf: Date.parse(vc.validFrom) / 1000,
        exp: Date.parse(vc.validUntil) / 1000,
        credentialSubject: { identifier: [{ identityType: 'name', identityHash: '髙橋 亜紀' }] },
      });
      expect(vc.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);

      const profile = (await get(undefined, pathOf(vc.issuer.id))).json();
      expect(profile).toMatchObject({ id: vc.issuer.id, type: ['Profile'], name: vc.issuer.name });
      const achievement = await get(undefined, pathOf(vc.credentialSubject.achievement.id));
      expect(achievement.json()).toMatchObject({ type: ['Achievement'], name: '認定 DX推進スペシャリスト' });
      const image = await get(undefined, pathOf(vc.credentialSubject.achievement.image.id));
      expect(image.headers['content-type']).toBe('image/png');

      // The status list: a BitstringStatusListCredential signed with the same key; the credential's bit is 0.
      expect(vc.credentialStatus).toMatchObject({
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
      });
      const bit = await statusListBit(vc.credentialStatus, jwk);
      expect(bit).toBe(false);

      expect(await verify({ credential: jwt })).toMatchObject({
        verdict: 'valid',
        issuerName: vc.issuer.name,
        recipientName: '髙橋 亜紀',
        achievementName: '認定 DX推進スペシャリスト',
        validUntil: vc.validUntil,
      });
      // The downloaded JSON file verifies as well, and the same token comes every time (deterministic Ed25519).
      expect((await verify({ credential: JSON.stringify({ jwt, credential }) })).verdict).toBe('valid');
      expect((await download(AKI)).jwt).toBe(jwt);
      // The private key is stored only sealed.
      const [key] = await t.db.query(`SELECT private_key_sealed, public_jwk FROM credential_issuer`);
      expect(key.private_key_sealed).toMatch(/^v1:/);
      expect(key.private_key_sealed).not.toContain('PRIVATE KEY');
      expect(key.public_jwk).not.toHaveProperty('d');
    });

    it('a credential with one byte changed is refused: by jose and by the verification page', async () => {
      const { jwt } = await download(AKI);
      const [head, body, signature] = jwt.split('.');
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      claims.credentialSubject.identifier[0].identityHash = '髙橋 亜希';
      const forged = [head, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
      const jwk = (await get(undefined, pathOf(decodeProtectedHeader(jwt).kid!))).json();
      await expect(compactVerify(forged, await importJWK(jwk, 'EdDSA'))).rejects.toThrow();
      const result = await verify({ credential: forged });
      expect(result).toMatchObject({ verdict: 'tampered', recipientName: null });
      expect(result.detail).toMatch(JAPANESE);
      // One character of the signature changed.
      const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
      expect((await verify({ credential: [head, body, flipped].join('.') })).verdict).toBe('tampered');
      expect((await verify({ credential: 'not a credential' })).verdict).toBe('malformed');
    });

    it('revoking with a reason sets the credential’s bit in the status list; every check then says revoked', async () => {
      const [aki] = (await list()).filter((c) => c.employeeNo === AKI);
      const { jwt, credential } = await download(AKI);
      expectProblem(
        await t.request({
          method: 'POST',
          url: `/api/v1/specialist-certifications/${aki.id}/revocation`,
          headers: hr,
          payload: { reason: '  ' },
        }),
        422,
      );
      const revoked = await t.request({
        method: 'POST',
        url: `/api/v1/specialist-certifications/${aki.id}/revocation`,
        headers: hr,
        payload: { reason: '課題の剽窃が判明したため' },
      });
      expect(revoked.statusCode).toBe(204);
      const again = expectProblem(
        await t.request({
          method: 'POST',
          url: `/api/v1/specialist-certifications/${aki.id}/revocation`,
          headers: hr,
          payload: { reason: '二重' },
        }),
        409,
      );
      expect(again.detail).toContain('髙橋 亜紀');

      const jwk = (await get(undefined, pathOf(decodeProtectedHeader(jwt).kid!))).json();
      expect(await statusListBit(credential['credentialStatus'] as StatusEntry, jwk)).toBe(true);
      expect(await verify({ credential: jwt })).toMatchObject({
        verdict: 'revoked',
        recipientName: '髙橋 亜紀',
      });
      expect((await list()).find((c) => c.id === aki.id)).toMatchObject({
        status: 'revoked',
        revokedReason: '課題の剽窃が判明したため',
        revokedAt: expect.any(String),
      });
      expect((await mine(AKI))[0].status).toBe('revoked');
      const [line] = await t.db.query(
        `SELECT actor_login_id, subject_employee_no, detail FROM audit_log WHERE action = 'certification.revoked'`,
      );
      expect(line).toEqual({
        actor_login_id: 'cred-hr',
        subject_employee_no: AKI,
        detail: { reason: '課題の剽窃が判明したため' },
      });
      // The next check does not certify her again.
      const check = await t.request({
        method: 'POST',
        url: '/api/v1/specialist-certifications/check',
        headers: hr,
      });
      expect(check.json()).toEqual({ granted: 0 });
      // Others' bits stay clear.
      expect((await verify({ credential: (await download(BEN)).jwt })).verdict).toBe('valid');
    });

    it('the badge PNG carries the credential in an openbadgecredential iTXt chunk that verifies', async () => {
      const [own] = await mine(BEN);
      const response = await get(as[BEN], `/api/v1/me/specialist-credentials/${own.id}/badge.png`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/png');
      const png = response.rawPayload;
      expect(pngChunksIntact(png)).toBe(true);
      const baked = pngInternationalText(png);
      expect(baked).toBe((await download(BEN)).jwt);
      expect(await verify({ png: png.toString('base64') })).toMatchObject({
        verdict: 'valid',
        recipientName: '山﨑 勉',
      });
      // The plain badge image (no credential) is not a credential.
      const plain = await get(undefined, '/api/v1/credentials/default/achievements/dx-specialist/image');
      expect((await verify({ png: plain.rawPayload.toString('base64') })).verdict).toBe('malformed');
    });

    it('a credential past its period verifies as expired', async () => {
      const [cho] = await mine(CHO);
      await t.db.query(
        `UPDATE specialist_certification SET certified_on = '2019-04-01', valid_until = $2 WHERE id = $1`,
        [cho.id, addDays(today, -1)],
      );
      expect((await mine(CHO))[0].status).toBe('expired');
      expect((await verify({ credential: (await download(CHO)).jwt })).verdict).toBe('expired');
    });
  });

  describe('who may see and revoke', () => {
    it('a manager sees no list and revokes nothing; a learner gets no one else’s credential', async () => {
      const [ben] = (await list()).filter((c) => c.employeeNo === BEN);
      expectProblem(await get(as[CHIEF], '/api/v1/specialist-certifications'), 403);
      expectProblem(
        await t.request({
          method: 'POST',
          url: `/api/v1/specialist-certifications/${ben.id}/revocation`,
          headers: as[CHIEF],
          payload: { reason: '所属長の判断' },
        }),
        403,
      );
      expectProblem(await get(as[AKI], `/api/v1/me/specialist-credentials/${ben.id}/credential`), 404);
      expectProblem(await get(as[AKI], `/api/v1/me/specialist-credentials/${ben.id}/badge.png`), 404);
      expect(await mine(CHIEF)).toEqual([]);
    });

    it('another tenant’s HR sees none of these and cannot revoke them; its issuer is its own', async () => {
      const other = await createTenant(t, 'cred-other');
      expect(await list(other.admin)).toEqual([]);
      const [ben] = (await list()).filter((c) => c.employeeNo === BEN);
      expectProblem(
        await t.request({
          method: 'POST',
          url: `/api/v1/specialist-certifications/${ben.id}/revocation`,
          headers: other.admin,
          payload: { reason: '他団体から' },
        }),
        404,
      );
      expect((await list()).find((c) => c.id === ben.id)!.status).toBe('valid');
      const profile = (await get(undefined, '/api/v1/credentials/cred-other/issuer')).json();
      expect(profile).toMatchObject({ name: 'テスト団体 cred-other' });
      const keys = [
        (await get(undefined, '/api/v1/credentials/cred-other/key')).json().x,
        (await get(undefined, '/api/v1/credentials/default/key')).json().x,
      ];
      expect(new Set(keys).size).toBe(2);
      expectProblem(await get(undefined, '/api/v1/credentials/no-such-tenant/issuer'), 404);
    });
  });

  interface StatusEntry {
    statusListIndex: string;
    statusListCredential: string;
  }

  /** An outside verifier's revocation check: fetch the list, verify its signature, decode the bit. */
  async function statusListBit(entry: StatusEntry, jwk: Record<string, string>): Promise<boolean> {
    const response = await get(undefined, pathOf(entry.statusListCredential));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/vc+jwt');
    const { payload } = await compactVerify(response.body, await importJWK(jwk, 'EdDSA'));
    const list = JSON.parse(new TextDecoder().decode(payload));
    expect(list).toMatchObject({
      id: entry.statusListCredential,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' },
    });
    const bits = gunzipSync(fromMultibaseBase64url(list.credentialSubject.encodedList)!);
    expect(bits.length).toBe(16 * 1024);
    return statusBit(bits, Number(entry.statusListIndex));
  }
});
