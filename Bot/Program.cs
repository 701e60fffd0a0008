using RectifyBot.Bot.Cli;

return await RectifyCommandLine.Build(Console.Out, Console.In).Parse(args).InvokeAsync();
