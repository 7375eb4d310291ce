namespace Ticketing.Infrastructure.Notifications;

/// <summary>
/// How the SQL of notifications and following matches app users to Championship IT's agents — as the
/// sign-in does (<c>UserClaimsFactory</c>): the assignee id an admin set on the user wins; otherwise
/// the active agent whose e-mail is the user's, when exactly one agent has it.
/// </summary>
internal static class UserAgentSql
{
    /// <summary>An expression: the id of the local user of the agent <paramref name="agentId"/> (an SQL expression), or null.</summary>
    public static string UserOf(string agentId) => $"""
        (SELECT u.id FROM users u
         WHERE u.remote_assignee_id = {agentId}
            OR (u.remote_assignee_id IS NULL AND u.normalized_email = (
                SELECT upper(a.email) FROM remote_agents a
                WHERE a.id = {agentId} AND a.active AND a.email IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM remote_agents o WHERE o.active AND o.id <> a.id AND lower(o.email) = lower(a.email))))
         ORDER BY u.remote_assignee_id IS NULL, u.id
         LIMIT 1)
        """;

    /// <summary>An expression: the agent id of the user row <paramref name="user"/> (an alias of <c>users</c>), or null.</summary>
    public static string AgentOf(string user) => $"""
        COALESCE({user}.remote_assignee_id, (
            SELECT a.id FROM remote_agents a
            WHERE a.active AND {user}.email IS NOT NULL AND lower(a.email) = lower({user}.email)
              AND NOT EXISTS (SELECT 1 FROM remote_agents o WHERE o.active AND o.id <> a.id AND lower(o.email) = lower(a.email))))
        """;

    /// <summary>An expression: the id of the user whose e-mail is <paramref name="email"/> (an SQL expression), or null.</summary>
    public static string UserWithEmail(string email) =>
        $"(SELECT u.id FROM users u WHERE {email} IS NOT NULL AND u.normalized_email = upper({email}) LIMIT 1)";
}
