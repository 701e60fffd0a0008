using RectifyBot.Bot.Cli;

return await RectifyCommandLine.RunAsync(args, Console.Out, Console.Error, Console.In);
