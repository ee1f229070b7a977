import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type JsonObject,
  mergeActivityDefinitions,
  personOf,
  type XapiAgent,
  type XapiPerson,
} from '@dx/domain';
import { agentIfi } from '../statements/statement-validation';

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
 * Reads the statements' table (`xapi_statement`, written by the statement resource) through its activity indexes;
 * each distinct definition is merged once, however many statements repeat it.
 */
@Injectable()
export class XapiActivitiesService {
  constructor(private readonly db: DataSource) {}

  async activity(tenantId: number, activityId: string): Promise<XapiActivity> {
    const rows: { definition: unknown }[] = await this.db.query(
      `SELECT found.definition
         FROM (SELECT d.definition, min(s.seq) AS first_seq
                 FROM xapi_statement s
                 CROSS JOIN LATERAL jsonb_path_query(
                        s.statement,
                        'strict $.** ? (@.id == $id && @.definition.type() == "object").definition',
                        jsonb_build_object('id', $2::text)) AS d(definition)
                WHERE s.tenant_id = $1 AND (s.activity_id = $2 OR s.related_activities @> ARRAY[$2]::text[])
                GROUP BY d.definition) found
        ORDER BY found.first_seq`,
      [tenantId, activityId],
    );
    const definition = mergeActivityDefinitions(rows.map((r) => r.definition));
    return { objectType: 'Activity', id: activityId, definition };
  }

  /**
   * The Agents resource (Communication 2.4): the agent's Person, with the names the tenant's statements gave the same
   * agent as their actor (the statements' `actor_ids` index; a Group's name is not its members').
   */
  async person(tenantId: number, agent: XapiAgent): Promise<XapiPerson> {
    const ifi = agentIfi(agent);
    const rows: { name: string }[] = ifi
      ? await this.db.query(
          `SELECT name FROM (SELECT s.statement->'actor'->>'name' AS name, min(s.seq) AS first_seq
                               FROM xapi_statement s
                              WHERE s.tenant_id = $1 AND s.actor_ids @> ARRAY[$2]::text[]
                                AND s.statement->'actor'->>'objectType' IS DISTINCT FROM 'Group'
                                AND s.statement->'actor'->>'name' IS NOT NULL
                              GROUP BY 1) names
            ORDER BY first_seq LIMIT $3`,
          [tenantId, ifi, MAX_NAMES],
        )
      : [];
    return personOf(
      agent,
      rows.map((r) => r.name),
    );
  }
}
