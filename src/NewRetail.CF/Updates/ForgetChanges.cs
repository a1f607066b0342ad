using NewRetail.CF.Data;

namespace NewRetail.CF;

/// <summary>Builds the one-change batches of the models' <c>ForgetUser</c> and <c>ForgetItem</c>, checking the id first.</summary>
internal static class ForgetChanges
{
    public static RatingChanges<TUser, TItem> User<TUser, TItem>(IdMap<TUser> users, TUser user)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!users.Contains(user))
        {
            throw new ArgumentException($"User '{user}' is not in the model, so there is nothing to forget. Check the id; Ratings.Users.Contains tells whether a user is known.", nameof(user));
        }

        return new RatingChanges<TUser, TItem>().ForgetUser(user);
    }

    public static RatingChanges<TUser, TItem> Item<TUser, TItem>(IdMap<TItem> items, TItem item)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!items.Contains(item))
        {
            throw new ArgumentException($"Item '{item}' is not in the model, so there is nothing to forget. Check the id; Ratings.Items.Contains tells whether an item is known.", nameof(item));
        }

        return new RatingChanges<TUser, TItem>().ForgetItem(item);
    }
}
