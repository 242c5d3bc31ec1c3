return await Dm.Playground.PlaygroundCommand.Create(Console.Out, Console.Error).Parse(args).InvokeAsync();
