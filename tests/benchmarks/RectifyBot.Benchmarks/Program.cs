using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(RectifyBot.Benchmarks.ImportBenchmarks).Assembly).Run(args);
