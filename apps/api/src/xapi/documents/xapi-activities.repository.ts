import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The SQL of the Activities and Agents resources: reads of the statements' table (`xapi_statement`, written by the
 * statement resource) through its activity and related-agents indexes.
 */
@Injectable()
export class XapiActivitiesRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Each distinct definition the tenant's statements gave an activity wherever they name it (object, context
   * activities, sub-statements), once however many statements repeat it, oldest first.
   */
  async findActivityDefinitions(tenantId: number, activityId: string): Promise<unknown[]> {
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
    return rows.map((r) => r.definition);
  }

  /**
   * The names the tenant's statements gave an agent (by IFI) as their actor, not as a Group, oldest first; found
   * through the related_agents index (every actor is among a statement's related agents).
   */
  async findActorNames(tenantId: number, ifi: string, limit: number): Promise<string[]> {
    const rows: { name: string }[] = await this.db.query(
      `SELECT name FROM (SELECT s.statement->'actor'->>'name' AS name, min(s.seq) AS first_seq
                           FROM xapi_statement s
                          WHERE s.tenant_id = $1 AND s.related_agents @> ARRAY[$2]::text[]
                            AND s.actor_ids @> ARRAY[$2]::text[]
                            AND s.statement->'actor'->>'objectType' IS DISTINCT FROM 'Group'
                            AND s.statement->'actor'->>'name' IS NOT NULL
                          GROUP BY 1) names
        ORDER BY first_seq LIMIT $3`,
      [tenantId, ifi, limit],
    );
    return rows.map((r) => r.name);
  }
}
