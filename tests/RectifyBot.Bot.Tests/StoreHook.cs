using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RectifyBot.Tasks.Store;

namespace RectifyBot.Bot.Tests;

/// <summary>
/// Wraps the host's task store so a test can act before any call: delay it (a slow store), or throw (a store that
/// cannot be reached). The hook runs on the calling thread, before the real store is called.
/// </summary>
public class StoreHook : DispatchProxy
{
    private ITaskStore _inner = null!;
    private Action<MethodInfo> _before = null!;

    /// <summary>Replaces the host's <see cref="ITaskStore"/> with the SQLite store behind <paramref name="before"/>.</summary>
    public static Action<WebApplicationBuilder> Install(Action<MethodInfo> before) => builder =>
        builder.Services.AddSingleton<ITaskStore>(sp =>
        {
            var proxy = Create<ITaskStore, StoreHook>();
            var hook = (StoreHook)(object)proxy;
            hook._inner = sp.GetRequiredService<SqliteTaskStore>();
            hook._before = before;
            return proxy;
        });

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        _before(targetMethod!);
        try
        {
            return targetMethod!.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
