namespace RectifyBot.Tasks.Store;

/// <summary>Reading a paged store query to its end.</summary>
public static class Paging
{
    /// <summary>Every item of a paged query, following continuation tokens until the last page.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(Func<PageRequest, CancellationToken, Task<Page<T>>> query, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        var page = new PageRequest(200);
        while (true)
        {
            var result = await query(page, cancellationToken);
            all.AddRange(result.Items);
            if (!result.HasMore)
            {
                return all;
            }
            page = page with { ContinuationToken = result.ContinuationToken };
        }
    }
}
