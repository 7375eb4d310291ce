using Ticketing.Simulator;

await SimulatorApp.Build(args).RunAsync();

/// <summary>Internal, so that test projects referencing both the simulator and the app see one public <c>Program</c> (the app's).</summary>
internal partial class Program;
