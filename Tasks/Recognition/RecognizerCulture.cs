using System.Globalization;

namespace RectifyBot.Tasks.Recognition;

/// <summary>
/// Runs Microsoft.Recognizers.Text under the invariant culture. Its Chinese models return nothing when the thread's
/// culture is zh-CN (seen with 1.8.13), and the Bot Framework sets the thread's culture from <c>activity.locale</c>,
/// so every Chinese-locale turn would lose its numbers and dates. The language is chosen by the model, not the thread.
/// Models must also be <em>built</em> under it: a Chinese model first built on a zh-CN thread reads no percentages.
/// </summary>
public static class RecognizerCulture
{
    public static T Invariant<T>(Func<T> recognize)
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return recognize();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }
}
