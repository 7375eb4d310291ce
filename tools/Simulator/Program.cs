using Ticketing.Simulator;

await SimulatorApp.Build(args).RunAsync();
