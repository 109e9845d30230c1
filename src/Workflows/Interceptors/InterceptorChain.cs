namespace Workflows.Interceptors;

/// <summary>Builds a call chain from a list of interceptors: the first in the list is the outermost.</summary>
internal static class InterceptorChain
{
    public static Func<TInput, TResult> Build<TInterceptor, TInput, TResult>(
        IReadOnlyList<TInterceptor> interceptors,
        Func<TInput, TResult> core,
        Func<TInterceptor, TInput, Func<TInput, TResult>, TResult> call)
    {
        var next = core;
        for (int i = interceptors.Count - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var inner = next;
            next = input => call(interceptor, input, inner);
        }

        return next;
    }
}
