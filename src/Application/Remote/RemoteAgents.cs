namespace Ticketing.Application.Remote;

/// <summary>One record of <c>GET /agents</c>: someone a ticket can be assigned to.</summary>
public sealed record RemoteAgent(string Id, string Name, string? Email, bool Active)
{
    /// <summary>The e-mail address is personal data, so it is left out.</summary>
    public override string ToString() => $"RemoteAgent {{ Id = {Id}, Name = {Name}, Email = {(Email is null ? "null" : "(set)")}, Active = {Active} }}";
}

/// <summary>The answer of <c>GET /agents</c>, with the records that could not be read.</summary>
public sealed record RemoteAgentList(
    IReadOnlyList<RemoteAgent> Agents,
    IReadOnlyList<RemoteRecordError> Errors,
    int Retries);
