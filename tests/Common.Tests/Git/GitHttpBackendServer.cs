using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dm.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dm.Common.Tests.Git;

/// <summary>
/// A git smart-HTTP server on 127.0.0.1 for tests: demands HTTP Basic credentials (401 with
/// <c>WWW-Authenticate: Basic</c> otherwise) and serves the repositories below <see cref="ProjectRoot"/> through
/// <c>git http-backend</c> run as a CGI program, fetch and push alike. It records every request's
/// <c>Authorization</c> header.
/// </summary>
internal sealed class GitHttpBackendServer : IAsyncDisposable
{
    private readonly string _expected;
    private WebApplication? _app;

    private GitHttpBackendServer(string projectRoot, string user, string password)
    {
        ProjectRoot = projectRoot;
        _expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
    }

    public string ProjectRoot { get; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Each request's method, path and Authorization header ("" when it had none), in arrival order.</summary>
    public ConcurrentQueue<(string Method, string Path, string Authorization)> Requests { get; } = new();

    /// <summary>Starts the server on a free port: plain HTTP, or HTTPS with <paramref name="certificate"/>.</summary>
    public static async Task<GitHttpBackendServer> StartAsync(
        string projectRoot, string user, string password, CancellationToken cancellationToken, X509Certificate2? certificate = null)
    {
        var server = new GitHttpBackendServer(projectRoot, user, password);
        WebApplicationBuilder builder;
        if (certificate is null)
        {
            builder = LoopbackDaemonApp.CreateBuilder(0, timeProvider: null, logging: null);
        }
        else
        {
            builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrelHttpsConfiguration().UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
            builder.Logging.ClearProviders();
        }

        (server._app, server.BaseAddress) = await LoopbackDaemonApp.StartAsync(builder, app => app.Run(server.HandleAsync), cancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        Requests.Enqueue((http.Request.Method, http.Request.Path + http.Request.QueryString, authorization));
        if (authorization != _expected)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"dm-test\"";
            return;
        }

        var startInfo = new ProcessStartInfo("git", ["http-backend"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var request = http.Request;
        startInfo.Environment["GIT_PROJECT_ROOT"] = ProjectRoot;
        startInfo.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        startInfo.Environment["REQUEST_METHOD"] = request.Method;
        startInfo.Environment["PATH_INFO"] = request.Path.Value;
        startInfo.Environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        startInfo.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        startInfo.Environment["REMOTE_USER"] = "dm-test";
        startInfo.Environment["REMOTE_ADDR"] = "127.0.0.1";
        startInfo.Environment["HTTP_CONTENT_ENCODING"] = request.Headers.ContentEncoding.ToString();
        startInfo.Environment["GIT_PROTOCOL"] = request.Headers["Git-Protocol"].ToString();
        if (request.ContentLength is { } length)
        {
            startInfo.Environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var cgi = Process.Start(startInfo)!;
        var error = cgi.StandardError.ReadToEndAsync();
        var input = CopyBodyAsync(request.Body, cgi.StandardInput.BaseStream);
        var output = cgi.StandardOutput.BaseStream;
        foreach (var header in await ReadHeadersAsync(output))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (header[..colon].Trim(), header[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                http.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                http.Response.Headers.Append(name, value);
            }
        }

        await output.CopyToAsync(http.Response.Body);
        await input;
        await cgi.WaitForExitAsync();
        _ = await error;
    }

    private static async Task CopyBodyAsync(Stream body, Stream stdin)
    {
        await body.CopyToAsync(stdin);
        stdin.Close();
    }

    /// <summary>The CGI response's header lines, up to the blank line (read byte by byte, so the body stays in the stream).</summary>
    private static async Task<List<string>> ReadHeadersAsync(Stream output)
    {
        var headers = new List<string>();
        var line = new List<byte>();
        var one = new byte[1];
        while (await output.ReadAsync(one) == 1)
        {
            if (one[0] != '\n')
            {
                line.Add(one[0]);
                continue;
            }

            var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            line.Clear();
            if (text.Length == 0)
            {
                break;
            }

            headers.Add(text);
        }

        return headers;
    }
}
