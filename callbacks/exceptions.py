"""What the callback services refuse, as exceptions a view can show.

Each carries a default `message` written for the person who will read it (a
reader for booking errors, staff for transition errors), so views show
`str(error)` without translating codes. Messages never include personal data.
The readers' sentences live in callbacks/wording.py with the booking form's.
"""

from callbacks import wording


class CallbackError(Exception):
    """Base class: anything a callback service refuses to do."""

    message = "Sorry, that could not be done."

    def __init__(self, message: str | None = None):
        self.message = message or self.message
        super().__init__(self.message)


class BookingError(CallbackError):
    """A booking was refused; nothing was written and no place was taken."""

    message = wording.BOOKING_REFUSED


class SlotNotBookable(BookingError):
    """The time is not one the rules offer now: closed, too soon, too far ahead, or off the grid."""

    message = wording.SLOT_NOT_BOOKABLE


class SlotFull(BookingError):
    """Every place in the slot is taken (often by someone who booked a moment earlier)."""

    message = wording.SLOT_FULL


class NoSlotsAvailable(SlotFull):
    """ "First available" found no slot with a free place in the booking window."""

    message = wording.no_slots_left()


class DuplicateOpenBooking(BookingError):
    """The phone number already has an open request.

    Never shown to whoever typed the number (anyone can type anyone's): the
    booking view answers with a decoy confirmation and tells the number's owner
    instead (callbacks/booking/decoys.py). The message is for other callers.
    """

    message = wording.already_booked()


class SameSlot(BookingError):
    """A move to the time the booking already has."""

    message = "That is the time you already have. Choose a different time to move your callback to."


class BeingHandled(BookingError):
    """A move of a request a member of staff has claimed: they may be dialling already."""

    message = (
        "Our help-line team is working on your callback right now, so it can't be moved here. "
        "If the time no longer suits you, please call the help line."
    )


class InvalidTransition(CallbackError):
    """A request cannot move from its current status in the way asked."""

    message = "That can't be done to this callback request in its current state."


class RequestClosed(InvalidTransition):
    """The request is completed or unreachable, so it can no longer be changed."""

    message = "This callback request is already closed and can't be changed."


# --- The staff queue ---------------------------------------------------------
# Raised by the queue services (callbacks/queue/services.py); the admin views
# show `str(error)` to the staff member as an error message.


class NotClaimed(InvalidTransition):
    """Acting on a request nobody holds: staff claim it first, so two people never work one request."""

    message = "Claim this callback request before acting on it."


class ClaimedByOther(InvalidTransition):
    """The request is claimed by another staff member; only they or a superuser may act on it."""

    message = "Another member of staff has claimed this callback request; only they or a superuser can act on it."


class AttemptLimitNotReached(InvalidTransition):
    """ "Unreachable" needs the help line's attempt limit of tries first (or a wrong number)."""

    message = "A callback request can be closed as unreachable only once the attempt limit is reached."


class NotReached(InvalidTransition):
    """ "Completed" means someone spoke to the reader: it needs a "reached" or "declined" attempt."""

    message = "Log the call in which you spoke to the reader before closing the request as completed."


class NotQueueStaff(CallbackError):
    """A request can only be handed to an active member of the help-line staff."""

    message = "That person is not on the help-line staff, so the request can't be given to them."


# --- Follow-up callbacks --------------------------------------------------------
# Raised by callbacks/queue/follow_ups.py book_follow_up: staff wording, nothing booked.


class FollowUpSlotFull(SlotFull):
    """Every place in the slot staff chose is taken."""

    message = (
        "That time has no free place left (someone may have booked it a moment ago). "
        "Nothing was booked: choose another time."
    )


class FollowUpSlotNotBookable(SlotNotBookable):
    """The chosen time is not one the help line offers now (closed, too soon, too far ahead, or off the grid)."""

    message = (
        "That time can no longer be booked (it is too soon, too far ahead or the help line is closed). "
        "Nothing was booked: choose another time."
    )


class FollowUpAlreadyBooked(BookingError):
    """The number already has an open follow-up: one at a time, so nobody is booked twice by mistake."""

    message = "This number already has an open follow-up call. Nothing was booked: move or cancel that one instead."

    @classmethod
    def for_reference(cls, reference: str) -> "FollowUpAlreadyBooked":
        return cls(
            f"This number already has an open follow-up call ({reference}). "
            "Nothing was booked: open that request to change it, or cancel it before booking another."
        )


# --- Text messages -------------------------------------------------------------
# Raised by callbacks/texts/services.py when staff ask for a text that can't be sent.


class SmsNotAvailable(InvalidTransition):
    """A text was asked for that this request, this number or this site can't have."""

    message = "A text message can't be sent for this callback request."
