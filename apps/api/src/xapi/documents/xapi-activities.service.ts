import { Injectable } from '@nestjs/common';
import {
  type JsonObject,
  mergeActivityDefinitions,
  personOf,
  type XapiAgent,
  type XapiPerson,
} from '@dx/domain';
import { agentIfi } from '../statements/statement-validation';
import { XapiActivitiesRepository } from './xapi-activities.repository';

/** An Activity object as the Activities resource answers it. */
export interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition?: JsonObject;
}

/** How many other names of an agent the Person answer lists at most. */
const MAX_NAMES = 20;

/**
 * The Activities and Agents resources. Activities (Communication 2.5): an activity's canonical definition, merged
 * from every definition the tenant's statements gave it wherever they name it (object, context activities,
 * sub-statements), oldest first.
 * Each distinct definition is merged once, however many statements repeat it (XapiActivitiesRepository).
 */
@Injectable()
export class XapiActivitiesService {
  constructor(private readonly repository: XapiActivitiesRepository) {}

  async activity(tenantId: number, activityId: string): Promise<XapiActivity> {
    const definition = mergeActivityDefinitions(
      await this.repository.findActivityDefinitions(tenantId, activityId),
    );
    return { objectType: 'Activity', id: activityId, definition };
  }

  /**
   * The Agents resource (Communication 2.4): the agent's Person, with the names the tenant's statements gave the same
   * agent as their actor (through the statements' `related_agents` index; a Group's name is not its members').
   */
  async person(tenantId: number, agent: XapiAgent): Promise<XapiPerson> {
    const ifi = agentIfi(agent);
    const names = ifi ? await this.repository.findActorNames(tenantId, ifi, MAX_NAMES) : [];
    return personOf(agent, names);
  }
}
