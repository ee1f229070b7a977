import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type JsonObject, mergeActivityDefinitions } from '@dx/domain';

/** An Activity object as the Activities resource answers it. */
export interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition?: JsonObject;
}

/**
 * The Activities resource (Communication 2.5): an activity's canonical definition, merged from every definition the
 * tenant's statements gave it wherever they name it (object, context activities, sub-statements), oldest first.
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
}
