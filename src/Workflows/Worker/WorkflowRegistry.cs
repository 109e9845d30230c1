using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Workflows.Worker;

/// <summary>
/// The workflows and activities a worker can run, by name. Names are the durable identity recorded in histories,
/// so each must be unique. Generated code registers through <see cref="AddWorkflow(WorkflowDefinition)"/> and
/// <see cref="AddActivity(ActivityDefinition)"/> without reflection; the <see cref="Delegate"/> overloads are
/// the reflection-based convenience for hand-written registration.
/// </summary>
public sealed class WorkflowRegistry
{
    // The getter of Task<T>.Result per task type, held here: the runtime's own member cache holds it weakly, so after a
    // collection a lookup made a new one with a new invoke stub (a dynamic method, which the finalizer then destroyed),
    // once per call. One entry per registered method's task type.
    private static readonly ConcurrentDictionary<Type, MethodInfo?> s_resultGetters = new();

    private readonly Dictionary<string, WorkflowDefinition> _workflows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActivityDefinition> _activities = new(StringComparer.Ordinal);

    /// <summary>The registered workflows.</summary>
    public IReadOnlyCollection<WorkflowDefinition> Workflows => _workflows.Values;

    /// <summary>The registered activities.</summary>
    public IReadOnlyCollection<ActivityDefinition> Activities => _activities.Values;

    /// <summary>Registers a workflow definition.</summary>
    /// <exception cref="ArgumentException">The name is taken.</exception>
    /// <exception cref="InvalidIdentifierException">The name breaks the identifier rules.</exception>
    public WorkflowRegistry AddWorkflow(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Identifiers.Check(definition.Name, Identifiers.WorkflowName);
        if (!_workflows.TryAdd(definition.Name, definition))
        {
            throw new ArgumentException($"A workflow named '{definition.Name}' is already registered.", nameof(definition));
        }

        return this;
    }

    /// <summary>Registers an activity definition.</summary>
    /// <exception cref="ArgumentException">The name is taken.</exception>
    /// <exception cref="InvalidIdentifierException">The name breaks the identifier rules.</exception>
    public WorkflowRegistry AddActivity(ActivityDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Identifiers.Check(definition.Name, Identifiers.ActivityName);
        if (!_activities.TryAdd(definition.Name, definition))
        {
            throw new ArgumentException($"An activity named '{definition.Name}' is already registered.", nameof(definition));
        }

        return this;
    }

    /// <summary>
    /// Registers a workflow delegate by name: its first parameter is <see cref="WorkflowContext"/>, the rest are
    /// decoded from the call's arguments; it returns <see cref="Task"/> or <see cref="Task{TResult}"/>.
    /// </summary>
    [RequiresUnreferencedCode("Reflection-based registration; use the generated AddGeneratedWorkflows() for trimmed or AOT workers.")]
    [RequiresDynamicCode("Reflection-based registration; use the generated AddGeneratedWorkflows() for trimmed or AOT workers.")]
    public WorkflowRegistry AddWorkflow(string name, Delegate workflow)
    {
        Identifiers.Check(name, Identifiers.WorkflowName);
        ArgumentNullException.ThrowIfNull(workflow);
        var method = workflow.Method;
        var parameters = method.GetParameters();
        if (parameters.Length == 0 || parameters[0].ParameterType != typeof(WorkflowContext))
        {
            throw new ArgumentException($"Workflow '{name}' must take WorkflowContext as its first parameter.", nameof(workflow));
        }

        if (!typeof(Task).IsAssignableFrom(method.ReturnType))
        {
            throw new ArgumentException($"Workflow '{name}' must return Task or Task<T>.", nameof(workflow));
        }

        var inputs = parameters.Skip(1).Select(p => p.ParameterType).ToArray();
        string target = $"workflow '{name}'";
        return AddWorkflow(new WorkflowDefinition(name, (ctx, args) =>
        {
            args.ExpectCount(inputs.Length);
            var values = new object?[inputs.Length + 1];
            values[0] = ctx;
            for (int i = 0; i < inputs.Length; i++)
            {
                values[i + 1] = args.Get(i, inputs[i]);
            }

            return UnwrapWorkflow((Task)Invoke(workflow, values, target)!);
        }, ResultTypeOf(method.ReturnType)));
    }

    /// <summary>
    /// Registers an activity delegate by name. Its parameters are decoded from the call's arguments, except a
    /// trailing <see cref="CancellationToken"/>, which the worker supplies. It may return a task, a value task or a
    /// plain value. A delegate bound to an object (<c>act.Charge</c>) shares that object's state across calls.
    /// </summary>
    [RequiresUnreferencedCode("Reflection-based registration; use the generated AddGeneratedWorkflows() for trimmed or AOT workers.")]
    [RequiresDynamicCode("Reflection-based registration; use the generated AddGeneratedWorkflows() for trimmed or AOT workers.")]
    public WorkflowRegistry AddActivity(string name, Delegate activity)
    {
        Identifiers.Check(name, Identifiers.ActivityName);
        ArgumentNullException.ThrowIfNull(activity);
        var method = activity.Method;
        var parameters = method.GetParameters();
        bool takesToken = parameters.Length > 0 && parameters[^1].ParameterType == typeof(CancellationToken);
        var inputs = parameters.Take(parameters.Length - (takesToken ? 1 : 0)).Select(p => p.ParameterType).ToArray();
        string target = $"activity '{name}'";
        return AddActivity(new ActivityDefinition(name, (args, ct) =>
        {
            args.ExpectCount(inputs.Length);
            var values = new object?[parameters.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                values[i] = args.Get(i, inputs[i]);
            }

            if (takesToken)
            {
                values[^1] = ct;
            }

            return Unwrap(Invoke(activity, values, target));
        }, ResultTypeOf(method.ReturnType)));
    }

    /// <summary>
    /// Registers every <see cref="ActivityAttribute"/> method of <paramref name="activities"/> (instance and static),
    /// or every public method its class declares when the class has <see cref="ActivityAttribute"/>, bound to that
    /// one object, so its state is shared across calls.
    /// </summary>
    [RequiresUnreferencedCode("Reflection-based registration; use the generated AddGeneratedWorkflows() for trimmed or AOT workers.")]
    [RequiresDynamicCode("Reflection-based registration; use the generated AddGeneratedWorkflows() for trimmed or AOT workers.")]
    public WorkflowRegistry AddActivities(object activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var type = activities.GetType();

        // [Activity] on the class marks every public method it declares (not property accessors or inherited ones).
        bool wholeClass = type.GetCustomAttribute<ActivityAttribute>() is not null;
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        {
            var attribute = method.GetCustomAttribute<ActivityAttribute>()
                ?? (wholeClass && method.DeclaringType == type && !method.IsSpecialName ? new ActivityAttribute() : null);
            if (attribute is not null)
            {
                var delegateType = System.Linq.Expressions.Expression.GetDelegateType([.. method.GetParameters().Select(p => p.ParameterType), method.ReturnType]);
                var bound = method.IsStatic ? method.CreateDelegate(delegateType) : method.CreateDelegate(delegateType, activities);
                AddActivity(attribute.Name ?? method.Name, bound);
            }
        }

        return this;
    }

    /// <summary>Finds a workflow by name.</summary>
    public bool TryGetWorkflow(string name, [NotNullWhen(true)] out WorkflowDefinition? definition) => _workflows.TryGetValue(name, out definition);

    /// <summary>Finds an activity by name.</summary>
    public bool TryGetActivity(string name, [NotNullWhen(true)] out ActivityDefinition? definition) => _activities.TryGetValue(name, out definition);

    private static object? Invoke(Delegate target, object?[] values, string what)
    {
        try
        {
            return target.Method.Invoke(target.Target, values);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentMismatchException($"{what} could not be called with the decoded arguments: {ex.Message}", ex);
        }
    }

    // Runs on the workflow scheduler: a plain await keeps the continuation there.
    [RequiresUnreferencedCode("Reads Task<T>.Result by reflection.")]
    private static async Task<object?> UnwrapWorkflow(Task task)
    {
        await task;
        return ResultOf(task);
    }

    [RequiresUnreferencedCode("Reads Task<T>.Result by reflection.")]
    private static async Task<object?> Unwrap(object? returned)
    {
        switch (returned)
        {
            case null:
                return null;
            case Task task:
                await task.ConfigureAwait(false);
                return ResultOf(task);
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
        }

        var type = returned.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var task = (Task)type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
            await task.ConfigureAwait(false);
            return ResultOf(task);
        }

        return returned;
    }

    [RequiresUnreferencedCode("Reads Task<T>.Result by reflection.")]
    private static object? ResultOf(Task task)
        => s_resultGetters.GetOrAdd(task.GetType(), ResultGetterOf) is { } getter ? getter.Invoke(task, null) : null;

    [RequiresUnreferencedCode("Reads Task<T>.Result by reflection.")]
    private static MethodInfo? ResultGetterOf(Type type)
    {
        // Async methods return subclasses of Task<T>; find the Task<T> in the chain. Task<VoidTaskResult> is a plain Task.
        for (var t = type; t is not null && t != typeof(Task); t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Task<>))
            {
                return t.GenericTypeArguments[0].Name == "VoidTaskResult" ? null : t.GetProperty(nameof(Task<int>.Result))!.GetMethod;
            }
        }

        return null;
    }

    private static Type? ResultTypeOf(Type returnType)
    {
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return null;
        }

        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return returnType.GenericTypeArguments[0];
        }

        return returnType;
    }
}
