import CQRS

/// Why a card refuses a command.
enum GiftCardError: Error, Equatable {
    /// A redemption asks for more than is left.
    case insufficientFunds(remaining: Int)
    /// The card was cancelled.
    case cancelled
}

/// The gift card's rules.
struct GiftCardRules: GiftCards.GiftCard.Handler {
    func decide(_ command: GiftCards.GiftCard.Issue, state: GiftCards.GiftCard.State) throws
        -> [GiftCards.GiftCard.Issue.Emits]
    {
        [.issued(.init(amount: command.amount))]
    }

    func decide(_ command: GiftCards.GiftCard.Redeem, state: GiftCards.GiftCard.State) throws
        -> [GiftCards.GiftCard.Redeem.Emits]
    {
        guard !state.cancelled else { throw GiftCardError.cancelled }
        guard command.amount <= state.remaining else {
            throw GiftCardError.insufficientFunds(remaining: state.remaining)
        }
        return [.redeemed(.init(amount: command.amount))]
    }

    func decide(_ command: GiftCards.GiftCard.Cancel, state: GiftCards.GiftCard.State) throws
        -> [GiftCards.GiftCard.Cancel.Emits]
    {
        guard !state.cancelled else { throw GiftCardError.cancelled }
        return [.cancelled(.init())]
    }

    func evolve(_ state: inout GiftCards.GiftCard.State, with event: GiftCards.GiftCard.Event) {
        switch event {
        case .issued(let issued): state.remaining = issued.amount
        case .redeemed(let redeemed): state.remaining -= redeemed.amount
        case .cancelled:
            state.remaining = 0
            state.cancelled = true
        }
    }
}
