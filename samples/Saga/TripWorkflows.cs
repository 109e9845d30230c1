using Workflows;

namespace Saga;

public sealed record Trip(string City, bool CarAvailable);

public static class TripWorkflows
{
    private static readonly ActivityOptions NoRetries = new() { RetryPolicy = new RetryPolicy { MaxAttempts = 1 } };

    [Workflow]
    public static async Task<string> BookTrip(WorkflowContext ctx, Trip trip)
    {
        // Each step that succeeded pushes its undo; on failure they run in reverse order.
        var compensations = new Stack<Func<Task>>();
        try
        {
            string flight = await ctx.Activities.BookFlightAsync(trip.City);
            compensations.Push(() => ctx.Activities.CancelFlightAsync(flight));

            string hotel = await ctx.Activities.BookHotelAsync(trip.City);
            compensations.Push(() => ctx.Activities.CancelHotelAsync(hotel));

            string car = await ctx.Activities.BookCarAsync(trip, NoRetries);
            compensations.Push(() => ctx.Activities.CancelCarAsync(car));

            return $"{flight}, {hotel}, {car}";
        }
        catch (ActivityFailedException)
        {
            while (compensations.TryPop(out var undo))
            {
                await undo();
            }

            throw;
        }
    }
}

public static class TripActivities
{
    [Activity]
    public static string BookFlight(string city) => Log($"flight to {city}", "Booked");

    [Activity]
    public static string BookHotel(string city) => Log($"hotel in {city}", "Booked");

    [Activity]
    public static string BookCar(Trip trip)
        => trip.CarAvailable ? Log($"car in {trip.City}", "Booked") : throw new InvalidOperationException($"no car available in {trip.City}");

    [Activity]
    public static void CancelFlight(string booking) => Log(booking, "Compensated: cancelled");

    [Activity]
    public static void CancelHotel(string booking) => Log(booking, "Compensated: cancelled");

    [Activity]
    public static void CancelCar(string booking) => Log(booking, "Compensated: cancelled");

    private static string Log(string booking, string what)
    {
        Console.WriteLine($"  {what} {booking}");
        return booking;
    }
}
