import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { API_BASE, type PackageScoView } from '@dx/contract';
import { agentKey, CMI5_CATEGORY, CMI5_SESSION_EXTENSION, CMI5_VERBS } from '@dx/domain';
import { AppConfig } from '../config/app-config';
import { asSystem } from '../database/tenant-context';
import { Cmi5Repository } from './cmi5.repository';
import { Cmi5Tracker } from './cmi5-tracker';
import { launchActor, sha256 } from './cmi5-sessions';
import type { XapiDocumentAddress } from './documents/xapi-documents.repository';
import { etagOf } from './documents/xapi-documents.service';
import { StatementsService } from './statements/statements.service';

const EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/';

/** What the player needs to launch one AU of a learner's package module. */
export interface Cmi5LaunchRequest {
  tenantId: number;
  enrollmentId: number;
  moduleId: number;
  au: PackageScoView;
  learner: { id: string; name: string };
  /** The app's origin as the learner reached it: the LRS endpoint and the fetch URL live there. */
  appOrigin: string;
  /** Where the AU's "exit" goes (the course page). */
  returnURL: string;
  /** The AU's address without the launch parameters (on the content origin, or the AU's absolute url). */
  auUrl: string;
}

/** The cmi5 fetch answer (cmi5 8.2): the token once, then error 1. */
export type Cmi5FetchAnswer =
  { 'auth-token': string } | { 'error-code': '1' | '2' | '3'; 'error-text': string };

/**
 * cmi5 launches (cmi5 8.1, 10): the registration of the learner's attempt (created once, reused on resume), a launch
 * session with a one-time fetch URL, the LMS.LaunchData state document and the LMS's `launched` statement, all in
 * one transaction; then the launch URL with endpoint, fetch, actor, registration and activityId.
 */
@Injectable()
export class Cmi5LaunchService {
  private readonly homePage: string;

  constructor(
    private readonly repository: Cmi5Repository,
    private readonly tracker: Cmi5Tracker,
    private readonly statements: StatementsService,
    private readonly config: AppConfig,
  ) {
    this.homePage = config.PUBLIC_URL;
  }

  async launch(request: Cmi5LaunchRequest): Promise<{ url: string; registration: string; expiresAt: Date }> {
    const { tenantId, enrollmentId, moduleId, au } = request;
    const sessionId = randomUUID();
    const fetchSecret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.CONTENT_TOKEN_TTL_SECONDS * 1000);
    const identity = { homePage: this.homePage, actorName: request.learner.id };
    const actor = launchActor(identity, request.learner.name);
    const registration = await this.repository.transaction(async (manager) => {
      const registration = await this.repository.ensureRegistration(
        manager,
        tenantId,
        enrollmentId,
        moduleId,
        randomUUID(),
      );
      await this.repository.insertSession(manager, {
        id: sessionId,
        tenantId,
        enrollmentId,
        moduleId,
        registration,
        auId: au.id,
        actorName: identity.actorName,
        fetchHash: sha256(fetchSecret),
        expiresAt,
      });
      const context = {
        contextActivities: { grouping: [{ id: au.id }], category: [{ id: CMI5_CATEGORY }] },
        extensions: { [CMI5_SESSION_EXTENSION]: sessionId },
      };
      await this.writeLaunchData(manager, tenantId, au, identity, registration, {
        contextTemplate: context,
        launchMode: 'Normal',
        moveOn: au.moveOn ?? 'NotApplicable',
        ...(au.masteryScore !== null ? { masteryScore: au.masteryScore } : {}),
        ...(au.launchParameters ? { launchParameters: au.launchParameters } : {}),
        returnURL: request.returnURL,
      });
      const lms = [
        {
          id: randomUUID(),
          actor,
          verb: { id: CMI5_VERBS.launched, display: { 'en-US': 'launched', ja: '起動した' } },
          object: { objectType: 'Activity', id: au.id },
          context: {
            registration,
            contextActivities: context.contextActivities,
            extensions: {
              ...context.extensions,
              [`${EXTENSION}launchmode`]: 'Normal',
              [`${EXTENSION}launchurl`]: request.auUrl,
              [`${EXTENSION}moveon`]: au.moveOn ?? 'NotApplicable',
              ...(au.launchParameters ? { [`${EXTENSION}launchparameters`]: au.launchParameters } : {}),
            },
          },
          timestamp: new Date().toISOString(),
        },
      ];
      // A module whose AUs are all NotApplicable is satisfied on its first launch.
      const course = await this.repository.findCourseOfModule(manager, moduleId);
      const satisfied = course
        ? await this.tracker.satisfyModuleIfDone(
            manager,
            { tenantId, enrollmentId, moduleId, registration, sessionId },
            course,
            actor,
          )
        : null;
      await this.statements.storeAsLms(manager, tenantId, satisfied ? [...lms, satisfied] : lms);
      return registration;
    });
    const appOrigin = request.appOrigin;
    const params = new URLSearchParams({
      endpoint: `${appOrigin}${API_BASE}/xapi/`,
      fetch: `${appOrigin}${API_BASE}/xapi/cmi5/fetch/${sessionId}/${fetchSecret}`,
      actor: JSON.stringify(launchActor(identity)),
      registration,
      activityId: au.id,
    });
    const separator = request.auUrl.includes('?') ? '&' : '?';
    return { url: `${request.auUrl}${separator}${params.toString()}`, registration, expiresAt };
  }

  /** The fetch URL's answer: the auth token on the first POST only (cmi5 8.2.2), an error JSON after. */
  async fetch(sessionId: string, secret: string): Promise<Cmi5FetchAnswer> {
    if (!/^[0-9a-f-]{36}$/.test(sessionId) || secret.length > 100)
      return { 'error-code': '2', 'error-text': 'この fetch URL は無効です。' };
    const tokenSecret = randomBytes(32).toString('base64url');
    const row = await asSystem(() =>
      this.repository.issueAuthToken(sessionId, sha256(secret), sha256(tokenSecret)),
    );
    if (row?.valid)
      return { 'auth-token': Buffer.from(`cmi5-${sessionId}:${tokenSecret}`, 'utf8').toString('base64') };
    if (row && row.fetched_at !== null)
      return {
        'error-code': '1',
        'error-text': 'この fetch URL はすでに使われました（認証トークンは1度だけ発行されます）。',
      };
    return { 'error-code': '2', 'error-text': 'この fetch URL は無効か、期限が切れています。' };
  }

  private async writeLaunchData(
    manager: EntityManager,
    tenantId: number,
    au: PackageScoView,
    identity: { homePage: string; actorName: string },
    registration: string,
    document: Record<string, unknown>,
  ): Promise<void> {
    const address: XapiDocumentAddress = {
      kind: 'state',
      activityId: au.id,
      agentKey: agentKey(launchActor(identity)),
      registration,
      documentId: 'LMS.LaunchData',
    };
    const content = Buffer.from(JSON.stringify(document), 'utf8');
    await this.repository.upsertLaunchData(manager, tenantId, address, content, etagOf(content));
  }
}
