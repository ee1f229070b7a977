import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statement query's `agent` parameter (without `related_agents`) matches the actor or the object's agents. As
 * `actor_ids @> … OR object_agent_ids @> …` no index served it (object_agent_ids has none), so it read the whole
 * tenant's statements; the GIN index on `actor_ids` was never used and only cost every insert its upkeep. Every id
 * in `actor_ids` and `object_agent_ids` is also in `related_agents` (statement-record.ts, since the first version),
 * so the query now narrows by the `related_agents` index and checks the actor and object on those rows; the index
 * on `actor_ids` goes. A plain index, so the same on Citus (created and dropped on every shard).
 */
export class XapiAgentByRelatedAgents1795000000220 implements MigrationInterface {
  name = 'XapiAgentByRelatedAgents1795000000220';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_xapi_statement_actor"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_xapi_statement_actor" ON "xapi_statement" USING gin ("actor_ids")`,
    );
  }
}
