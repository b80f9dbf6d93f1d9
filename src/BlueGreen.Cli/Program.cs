using BlueGreen.Cli;

return await CliApplication.RunAsync(args, Console.Out, Console.Error, outputIsTerminal: !Console.IsOutputRedirected).ConfigureAwait(false);
