using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RectifyBot.Dialogs.Telemetry;

namespace RectifyBot.Bot.Hosting;

/// <summary>
/// OpenTelemetry for the web host: the bot's own source and meter (<see cref="RectifyTelemetry"/>) with ASP.NET Core and
/// HttpClient instrumentation, exported where configuration says — <c>Telemetry:Console</c>, <c>Telemetry:Otlp:Endpoint</c>,
/// <c>Telemetry:AzureMonitor:ConnectionString</c> (or <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>). With none set the
/// instruments are listened to but nothing leaves the process.
/// </summary>
public static class Telemetry
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var console = configuration.GetValue<bool>("Telemetry:Console");
        var otlp = configuration["Telemetry:Otlp:Endpoint"] is { Length: > 0 } endpoint ? new Uri(endpoint) : null;
        var http = string.Equals(configuration["Telemetry:Otlp:Protocol"], "http/protobuf", StringComparison.OrdinalIgnoreCase);
        var azureMonitor = configuration["Telemetry:AzureMonitor:ConnectionString"] is { Length: > 0 } connection ? connection
            : configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(RectifyTelemetry.Name));
        if (azureMonitor is not null)
        {
            // The distribution brings its own ASP.NET Core and HttpClient instrumentation and exports traces, metrics and logs.
            telemetry.UseAzureMonitor(options => options.ConnectionString = azureMonitor);
        }
        telemetry
            .WithTracing(tracing =>
            {
                tracing.AddSource(RectifyTelemetry.Name);
                if (azureMonitor is null)
                {
                    tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                }
                if (console)
                {
                    tracing.AddConsoleExporter();
                }
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(options => Otlp(options, otlp, http, "v1/traces"));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RectifyTelemetry.Name);
                if (azureMonitor is null)
                {
                    metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                }
                if (console)
                {
                    metrics.AddConsoleExporter();
                }
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(options => Otlp(options, otlp, http, "v1/metrics"));
                }
            });
    }

    /// <summary>gRPC (the default) takes the collector's address as it is; OTLP over HTTP needs each signal's path on it.</summary>
    private static void Otlp(OtlpExporterOptions options, Uri endpoint, bool http, string signalPath)
    {
        options.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        options.Endpoint = http ? new Uri(endpoint.ToString().TrimEnd('/') + "/" + signalPath) : endpoint;
    }
}
