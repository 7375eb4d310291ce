namespace Ticketing.Simulator.Seeding;

public sealed record Requester(string Id, string Name, string Email, string Department);

/// <summary>Someone a ticket can be assigned to; an inactive agent has left and gets no new work.</summary>
public sealed record Agent(string Id, string Name, string Email = "", bool Active = true);

/// <summary>
/// The fixed cast of the seeded organisation. Hand-written rather than generated so that a seed
/// produces the same people whatever library version is installed.
/// </summary>
public static class People
{
    /// <summary>Agents' mail domain: the app's demo staff sign in with these addresses and are matched to agents by them.</summary>
    public const string AgentDomain = "demo.local";

    private static readonly string[] Departments =
    [
        "IT Operations", "Engineering", "Finance", "Human Resources", "Sales", "Marketing",
        "Legal", "Customer Support", "Facilities",
    ];

    private static readonly (string First, string Last)[] RequesterNames =
    [
        ("Dana", "Ruiz"), ("Priya", "Natarajan"), ("Tomás", "Herrera"), ("Mei", "Chen"), ("Oluwaseun", "Adeyemi"),
        ("Jonas", "Weber"), ("Sofia", "Rossi"), ("Liam", "O'Connor"), ("Aisha", "Khan"), ("Mateo", "García"),
        ("Hannah", "Schmidt"), ("Kenji", "Watanabe"), ("Chloé", "Dubois"), ("Noah", "Johnson"), ("Fatima", "Haddad"),
        ("Lucas", "Silva"), ("Emma", "Andersson"), ("Ravi", "Patel"), ("Zoe", "Papadopoulos"), ("Ethan", "Brown"),
        ("Ingrid", "Larsen"), ("Diego", "Fernández"), ("Yuki", "Tanaka"), ("Grace", "Okafor"), ("Marek", "Nowak"),
        ("Olivia", "Martin"), ("Samir", "Benali"), ("Elena", "Popescu"), ("Jack", "Wilson"), ("Nadia", "Petrova"),
        ("Arjun", "Mehta"), ("Lena", "Fischer"), ("Hugo", "Lefèvre"), ("Amara", "Nwosu"), ("Finn", "Murphy"),
        ("Isabel", "Costa"), ("Wei", "Zhang"), ("Sara", "Lindqvist"), ("Omar", "Farouk"), ("Julia", "Kowalski"),
    ];

    /// <summary>
    /// The first two are the app's demo staff (alex.morgan@demo.local, sam.ito@demo.local), so
    /// "assigned to me" and assigning work agree between the app and this remote. The last one
    /// has left: older tickets still name them, new work never does.
    /// </summary>
    private static readonly (string First, string Last, bool Active)[] AgentNames =
    [
        ("Alex", "Morgan", true), ("Sam", "Ito", true), ("Jordan", "Blake", true), ("Casey", "Novak", true),
        ("Riley", "Park", true), ("Morgan", "Lee", true), ("Taylor", "Quinn", true), ("Jamie", "Ferreira", true),
        ("Robin", "Sato", true), ("Avery", "Kim", true), ("Drew", "Castillo", true), ("Charlie", "Eriksen", false),
    ];

    public static IReadOnlyList<string> AllDepartments => Departments;

    public static IReadOnlyList<Requester> Requesters { get; } = [.. RequesterNames.Select((name, index) => new Requester(
        $"usr_{index + 1}",
        $"{name.First} {name.Last}",
        $"{Ascii(name.First)}.{Ascii(name.Last)}@example.org",
        Departments[index % Departments.Length]))];

    /// <summary>Every agent, <c>agt_1</c>…<c>agt_12</c>, in id order: what <c>GET /agents</c> lists.</summary>
    public static IReadOnlyList<Agent> Agents { get; } = [.. AgentNames.Select((name, index) => new Agent(
        $"agt_{index + 1}",
        $"{name.First} {name.Last}",
        $"{Ascii(name.First)}.{Ascii(name.Last)}@{AgentDomain}",
        name.Active))];

    /// <summary>The agents who take new work: churn, new assignments and open seeded tickets draw from these.</summary>
    public static IReadOnlyList<Agent> ActiveAgents { get; } = [.. Agents.Where(agent => agent.Active)];

    public static Agent? FindAgent(string? id) => Agents.FirstOrDefault(agent => agent.Id == id);

    /// <summary>The agent's 1-based number (<c>agt_N</c>), found without parsing the id.</summary>
    public static int NumberOf(Agent agent)
    {
        for (var i = 0; i < Agents.Count; i++)
        {
            if (ReferenceEquals(Agents[i], agent))
            {
                return i + 1;
            }
        }

        throw new ArgumentException($"'{agent.Id}' is not one of the seeded agents.", nameof(agent));
    }

    /// <summary>The position of a department in <see cref="AllDepartments"/>, or the count of them for none or an unknown one.</summary>
    public static int DepartmentIndex(string? department)
    {
        var index = department is null ? -1 : Array.IndexOf(Departments, department);
        return index < 0 ? Departments.Length : index;
    }

    /// <summary>Email local parts stay ASCII even for accented names, as most mail systems want.</summary>
    private static string Ascii(string name)
    {
        var normalized = name.Normalize(System.Text.NormalizationForm.FormD);
        var letters = normalized.Where(c => char.IsAsciiLetter(c)).ToArray();
        return new string(letters).ToLowerInvariant();
    }
}
