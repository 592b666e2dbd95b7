import CQRS
import Foundation

/// Why the clinic refuses a command.
enum ClinicError: Error, Equatable {
    /// An appointment is booked for a time that has passed.
    case slotInThePast
    /// Only a booked appointment can be moved, cancelled, completed or annotated.
    case notBooked(Clinic.AppointmentStatus)
    /// An appointment is completed before its time.
    case notYetDue
    /// A referral is made twice for one appointment.
    case alreadyReferred
}

/// The clinic's rules for appointments.
struct AppointmentRules: Clinic.Appointment.Handler {
    func decide(_ command: Clinic.Appointment.Book, state: Clinic.Appointment.State, context: DecisionContext)
        throws -> [Clinic.Appointment.Book.Emits]
    {
        guard command.slot > context.now else { throw ClinicError.slotInThePast }
        return try decide(command, state: state)
    }

    func decide(_ command: Clinic.Appointment.Book, state: Clinic.Appointment.State) throws
        -> [Clinic.Appointment.Book.Emits]
    {
        [
            .booked(
                .init(
                    patientId: command.patientId, doctorId: command.doctorId, slot: command.slot,
                    urgency: command.urgency))
        ]
    }

    func decide(_ command: Clinic.Appointment.Reschedule, state: Clinic.Appointment.State) throws
        -> [Clinic.Appointment.Reschedule.Emits]
    {
        guard state.status == .booked else { throw ClinicError.notBooked(state.status) }
        return [.rescheduled(.init(doctorId: state.doctorId, slot: command.slot))]
    }

    func decide(_ command: Clinic.Appointment.Cancel, state: Clinic.Appointment.State) throws
        -> [Clinic.Appointment.Cancel.Emits]
    {
        guard state.status == .booked else { throw ClinicError.notBooked(state.status) }
        return [.cancelled(.init(patientId: state.patientId, reason: command.reason))]
    }

    func decide(_ command: Clinic.Appointment.Complete, state: Clinic.Appointment.State, context: DecisionContext)
        throws -> [Clinic.Appointment.Complete.Emits]
    {
        guard context.now >= state.slot else { throw ClinicError.notYetDue }
        return try decide(command, state: state)
    }

    func decide(_ command: Clinic.Appointment.Complete, state: Clinic.Appointment.State) throws
        -> [Clinic.Appointment.Complete.Emits]
    {
        guard state.status == .booked else { throw ClinicError.notBooked(state.status) }
        return [.completed(.init())]
    }

    func decide(_ command: Clinic.Appointment.AddNote, state: Clinic.Appointment.State) throws
        -> [Clinic.Appointment.AddNote.Emits]
    {
        // Every kind of note, each with its own rule: the union is switched on exhaustively.
        let summary: String
        switch command.note {
        case .clinical(let note):
            guard state.status != .cancelled else { throw ClinicError.notBooked(state.status) }
            summary = "\(note.author): \(note.text)"
        case .administrative(let note):
            summary = note.text
        case .referral(let referral):
            guard !state.referred else { throw ClinicError.alreadyReferred }
            summary = "referred to \(referral.specialist) (\(referral.urgency))"
        }
        return [.noteAdded(.init(note: command.note, summary: summary))]
    }

    func evolve(_ state: inout Clinic.Appointment.State, with event: Clinic.Appointment.Event) {
        switch event {
        case .booked(let booked):
            state.patientId = booked.patientId
            state.doctorId = booked.doctorId
            state.slot = booked.slot
            state.status = .booked
        case .rescheduled(let rescheduled): state.slot = rescheduled.slot
        case .cancelled: state.status = .cancelled
        case .completed: state.status = .completed
        case .noteAdded(let added):
            if case .referral = added.note { state.referred = true }
        }
    }
}

/// The doctors with the most booked appointments, busiest first (ties by name).
struct BusiestDoctorsQuery: Clinic.BusiestDoctors.Handler {
    func handle(_ query: Clinic.BusiestDoctors, rows: ReadModelReader<Clinic.DoctorSchedule>) async throws
        -> [String]
    {
        var booked: [String: Int] = [:]
        var page: PageRequest? = .first(500)
        while let request = page {
            let result = try await rows.rows(
                matching: [Clinic.DoctorSchedule.Column.status.equals(.booked)], orderBy: [], page: request)
            for row in result.rows { booked[row.doctorId, default: 0] += 1 }
            page = result.next
        }
        return booked.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(query.top).map(\.key)
    }
}
