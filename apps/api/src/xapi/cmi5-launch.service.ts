import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { API_BASE, type PackageScoView } from '@dx/contract';
import {
  agentKey,
  CMI5_CATEGORY,
  CMI5_SESSION_EXTENSION,
  CMI5_VERBS,
  cmi5LaunchMode,
  type Cmi5LaunchMode,
} from '@dx/domain';
import { AppConfig } from '../config/app-config';
import { asSystem } from '../database/tenant-context';
import { type Cmi5Course, Cmi5Repository } from './cmi5.repository';
import { Cmi5Tracker } from './cmi5-tracker';
import { launchActor, sha256 } from './cmi5-sessions';
import { type XapiDocumentAddress, XapiDocumentsRepository } from './documents/xapi-documents.repository';
import { etagOf } from './documents/xapi-documents.service';
import { StatementsService } from './statements/statements.service';

const EXTENSION = 'https://w3id.org/xapi/cmi5/context/extensions/';

/** The agent profile document cmi5 names for the learner's preferences (cmi5 11). */
export const CMI5_LEARNER_PREFERENCES = 'cmi5LearnerPreferences';
/** Every learner of this LMS works in Japanese; audio on (the AU offers its own mute). */
const LEARNER_PREFERENCES = { languagePreference: 'ja-JP', audioPreference: 'on' };

/** What the player needs to launch one AU of a learner's package module. */
export interface Cmi5LaunchRequest {
  tenantId: number;
  enrollmentId: number;
  moduleId: number;
  au: PackageScoView;
  /** The module's cmi5 package (its id makes the LMS's activity ids; its AUs the blocks and the course). */
  course: Cmi5Course;
  learner: { id: string; name: string };
  /** The app's origin as the learner reached it: the LRS endpoint and the fetch URL live there. */
  appOrigin: string;
  /** Where the AU goes on exit (LMS.LaunchData returnURL): the course page, or the content origin's return page. */
  returnURL: string;
  /** The AU's address without the launch parameters (on the content origin, or the AU's absolute url). */
  auUrl: string;
}

/** The cmi5 fetch answer (cmi5 8.2): the token once, then error 1. */
export type Cmi5FetchAnswer =
  { 'auth-token': string } | { 'error-code': '1' | '2' | '3'; 'error-text': string };

/**
 * cmi5 launches (cmi5 8.1, 10, 11): the registration of the learner's attempt (created once, reused on resume), the
 * `abandoned` of its sessions that never terminated, a launch session (Normal, or Review for an AU satisfied
 * already) with a one-time fetch URL, the LMS.LaunchData state document, the learner's preferences and the LMS's
 * `launched` statement, all in one transaction; then the launch URL with endpoint, fetch, actor, registration and
 * the LMS's activityId of the AU.
 */
@Injectable()
export class Cmi5LaunchService {
  private readonly homePage: string;

  constructor(
    private readonly repository: Cmi5Repository,
    private readonly tracker: Cmi5Tracker,
    private readonly statements: StatementsService,
    private readonly documents: XapiDocumentsRepository,
    private readonly config: AppConfig,
  ) {
    this.homePage = config.PUBLIC_URL;
  }

  async launch(request: Cmi5LaunchRequest): Promise<{
    url: string;
    registration: string;
    expiresAt: Date;
    launchMode: Cmi5LaunchMode;
  }> {
    const { tenantId, enrollmentId, moduleId, au, course } = request;
    const sessionId = randomUUID();
    const fetchSecret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.CONTENT_TOKEN_TTL_SECONDS * 1000);
    const identity = { homePage: this.homePage, actorName: request.learner.id };
    const actor = launchActor(identity, request.learner.name);
    const activityId = this.tracker.idsOf(course).au(au.id);
    const { registration, launchMode } = await this.repository.transaction(async (manager) => {
      const registration = await this.repository.ensureRegistration(
        manager,
        tenantId,
        enrollmentId,
        moduleId,
        randomUUID(),
      );
      // A session of this registration that never terminated ends now (cmi5 9.3.6), before the new one starts.
      const abandoned = await this.tracker.abandonOpenSessions(
        manager,
        tenantId,
        registration,
        course,
        false,
      );
      // An AU the learner satisfied already opens for review: nothing it sends can change its completion.
      const state = await this.repository.findAuState(manager, tenantId, enrollmentId, moduleId, au.id);
      const launchMode = cmi5LaunchMode(Boolean(state?.done_at));
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
        launchMode,
      });
      const context = {
        contextActivities: { grouping: [{ id: au.id }], category: [{ id: CMI5_CATEGORY }] },
        extensions: { [CMI5_SESSION_EXTENSION]: sessionId },
      };
      const moveOn = au.moveOn ?? 'NotApplicable';
      await this.writeLaunchData(manager, tenantId, activityId, identity, registration, {
        contextTemplate: context,
        launchMode,
        moveOn,
        ...(au.masteryScore !== null ? { masteryScore: au.masteryScore } : {}),
        ...(au.launchParameters ? { launchParameters: au.launchParameters } : {}),
        returnURL: request.returnURL,
        ...(au.entitlementKey ? { entitlementKey: { courseStructure: au.entitlementKey } } : {}),
      });
      await this.writeLearnerPreferences(manager, tenantId, identity);
      const launched = {
        id: randomUUID(),
        actor,
        verb: { id: CMI5_VERBS.launched, display: { 'en-US': 'launched', ja: '起動した' } },
        object: { objectType: 'Activity', id: activityId },
        context: {
          registration,
          contextActivities: context.contextActivities,
          extensions: {
            ...context.extensions,
            [`${EXTENSION}launchmode`]: launchMode,
            [`${EXTENSION}launchurl`]: request.auUrl,
            [`${EXTENSION}moveon`]: moveOn,
            ...(au.masteryScore !== null ? { [`${EXTENSION}masteryscore`]: au.masteryScore } : {}),
            ...(au.launchParameters ? { [`${EXTENSION}launchparameters`]: au.launchParameters } : {}),
          },
        },
        timestamp: new Date().toISOString(),
      };
      // At registration the LMS evaluates moveOn (cmi5 9.6.1): blocks and a course of NotApplicable AUs only are
      // satisfied on the first launch.
      const satisfied = await this.tracker.satisfyWhatIsDone(
        manager,
        { tenantId, enrollmentId, moduleId, registration, sessionId },
        course,
        actor,
      );
      await this.statements.storeAsLms(manager, tenantId, [...abandoned, launched, ...satisfied]);
      return { registration, launchMode };
    });
    const appOrigin = request.appOrigin;
    const params = new URLSearchParams({
      endpoint: `${appOrigin}${API_BASE}/xapi/`,
      fetch: `${appOrigin}${API_BASE}/xapi/cmi5/fetch/${sessionId}/${fetchSecret}`,
      actor: JSON.stringify(launchActor(identity)),
      registration,
      activityId,
    });
    const separator = request.auUrl.includes('?') ? '&' : '?';
    return { url: `${request.auUrl}${separator}${params.toString()}`, registration, expiresAt, launchMode };
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
    activityId: string,
    identity: { homePage: string; actorName: string },
    registration: string,
    document: Record<string, unknown>,
  ): Promise<void> {
    const address: XapiDocumentAddress = {
      kind: 'state',
      activityId,
      agentKey: agentKey(launchActor(identity)),
      registration,
      documentId: 'LMS.LaunchData',
    };
    const content = Buffer.from(JSON.stringify(document), 'utf8');
    await this.repository.upsertLaunchData(manager, tenantId, address, content, etagOf(content));
  }

  /**
   * The learner's cmi5LearnerPreferences agent profile (cmi5 11), which the AU reads at its start: Japanese, audio
   * on, written once (what is there already stays). The AU's own writes are refused (403, which cmi5 lets the LMS
   * do and tells the AU not to treat as an error).
   */
  private async writeLearnerPreferences(
    manager: EntityManager,
    tenantId: number,
    identity: { homePage: string; actorName: string },
  ): Promise<void> {
    const address: XapiDocumentAddress = {
      kind: 'agent_profile',
      activityId: null,
      agentKey: agentKey(launchActor(identity)),
      registration: null,
      documentId: CMI5_LEARNER_PREFERENCES,
    };
    const content = Buffer.from(JSON.stringify(LEARNER_PREFERENCES), 'utf8');
    // Only where none is stored yet: what a tenant's own xAPI client or an earlier launch wrote stays.
    await this.documents.insert(manager, tenantId, address, content, 'application/json', etagOf(content));
  }
}
