namespace Ticketing.Simulator.Seeding;

public sealed record Requester(string Id, string Name, string Email, string Department);

public sealed record Agent(string Id, string Name);

/// <summary>
/// The fixed cast of the seeded organisation. Hand-written rather than generated so that a seed
/// produces the same people whatever library version is installed.
/// </summary>
public static class People
{
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

    private static readonly string[] AgentNames =
    [
        "Sam Ito", "Alex Morgan", "Jordan Blake", "Casey Novak", "Riley Park", "Morgan Lee",
        "Taylor Quinn", "Jamie Ferreira", "Robin Sato", "Avery Kim", "Drew Castillo", "Charlie Eriksen",
    ];

    public static IReadOnlyList<string> AllDepartments => Departments;

    public static IReadOnlyList<Requester> Requesters { get; } = [.. RequesterNames.Select((name, index) => new Requester(
        $"usr_{index + 1}",
        $"{name.First} {name.Last}",
        $"{Ascii(name.First)}.{Ascii(name.Last)}@example.org",
        Departments[index % Departments.Length]))];

    public static IReadOnlyList<Agent> Agents { get; } =
        [.. AgentNames.Select((name, index) => new Agent($"agt_{index + 1}", name))];

    public static Agent? FindAgent(string? id) => Agents.FirstOrDefault(agent => agent.Id == id);

    /// <summary>Email local parts stay ASCII even for accented names, as most mail systems want.</summary>
    private static string Ascii(string name)
    {
        var normalized = name.Normalize(System.Text.NormalizationForm.FormD);
        var letters = normalized.Where(c => char.IsAsciiLetter(c)).ToArray();
        return new string(letters).ToLowerInvariant();
    }
}
