using Workflows;

namespace CustomNames;

public static class OrderWorkflows
{
    // The method was renamed; the stored name stays "ProcessOrderV2", so running instances still find it.
    [Workflow("ProcessOrderV2")]
    public static async Task<string> HandleOrder(WorkflowContext ctx, string orderId)
        => await ctx.Activities.ChargeCardAsync(orderId);

    [Activity("ChargeCard")]
    public static string Charge(string orderId) => $"charged {orderId} (activity 'ChargeCard')";
}

/// <summary>Registered by hand under dotted names (no attributes, so no typed stubs).</summary>
public static class InvoiceWorkflow
{
    public static async Task<string> Run(WorkflowContext ctx, string orderId)
        => await ctx.ExecuteActivityAsync<string>("billing.render-pdf", null, orderId);

    public static string RenderPdf(string orderId) => $"invoice-{orderId}.pdf (activity 'billing.render-pdf')";
}
