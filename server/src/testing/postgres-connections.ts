import pg from 'pg';

/**
 * Ends the database connections with this application_name, as a database restart or a network
 * blip would end them (tests of what a relay does when its bus connection breaks). Resolves with
 * how many were ended.
 */
export async function terminatePgConnections(url: string, applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ ended: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    return rows.filter((r) => r.ended).length;
  } finally {
    await client.end();
  }
}
