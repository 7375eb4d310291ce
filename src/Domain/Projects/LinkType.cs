namespace Ticketing.Domain.Projects;

public enum LinkType
{
    Related = 0,
    Blocking = 1,
    DependsOn = 2,
}
