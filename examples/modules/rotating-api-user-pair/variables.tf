variable "login_id" {
  description = "Stem of the two login ids: the pair is <login_id>-a and <login_id>-b."
  type        = string
}

variable "first_name" {
  description = "First name of both users, typically what the integration is."
  type        = string
}

variable "last_name" {
  description = "Last name of both users."
  type        = string
  default     = "Integration"
}

variable "description" {
  description = "What the integration is, on both users; null leaves it empty."
  type        = string
  default     = null
}

variable "rotate_after_days" {
  description = "How old each password may grow, in whole days. Each user rotates once per period, the two half a period apart."
  type        = number
  default     = 90

  validation {
    condition     = var.rotate_after_days >= 2 && floor(var.rotate_after_days) == var.rotate_after_days
    error_message = "rotate_after_days must be a whole number of days, at least 2."
  }
}

variable "roles" {
  description = "Role ids both users hold: the integration must be able to do the same with either."
  type        = set(string)
  default     = []
}

variable "keepers" {
  description = "Keepers of each user (a, b). Changing one user's rotates that password at the next apply, outside the schedule: after a leak, or to stagger the pair again."
  type = object({
    a = optional(map(string), {})
    b = optional(map(string), {})
  })
  default = {}
}
