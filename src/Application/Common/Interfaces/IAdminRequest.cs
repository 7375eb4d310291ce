namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Marks a request only an admin may send: everything under <c>Admin/</c>, and anything else that
/// changes integration settings, users or jobs. <see cref="Behaviours.AuthorizationBehaviour{TMessage, TResponse}"/>
/// refuses it for anyone else, whoever sends it (a page, an endpoint, a job). Background work may
/// send it only when the request is also an <see cref="ISystemRequest"/>.
/// </summary>
public interface IAdminRequest;
