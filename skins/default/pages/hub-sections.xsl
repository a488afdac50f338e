<?xml version="1.0" encoding="UTF-8"?>
<!--
  Sections of the hub that several pages show: a project's updates,
  files, approvals, decisions and activity (hub_*_section() in C), and
  comments with their form.  Not a page itself: a page imports it after
  layout.xsl and applies templates in mode "section":

    <xsl:import href="../layout.xsl"/>
    <xsl:import href="../../default/pages/hub-sections.xsl"/>
    ...
    <xsl:apply-templates select="updates" mode="section"/>

  Links point into /staff/... for staff and to the client's pages for
  contacts.  Every form carries the CSRF token.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:variable name="hs-staff" select="/atrium/user/@role = 'staff' or /atrium/user/@role = 'admin'"/>
  <xsl:variable name="hs-pre"><xsl:if test="$hs-staff">/staff</xsl:if></xsl:variable>

  <!-- The hidden token every form sends. -->
  <xsl:template name="hs-csrf">
    <input type="hidden" name="csrf" value="{/atrium/csrf}"/>
  </xsl:template>

  <!-- "Internal" or "Shared" for staff; nothing for contacts. -->
  <xsl:template name="hs-visibility">
    <xsl:param name="visible"/>
    <xsl:if test="$hs-staff">
      <xsl:choose>
        <xsl:when test="$visible = '1'"><span class="badge badge-approved">Shared</span></xsl:when>
        <xsl:otherwise><span class="badge badge-pending">Internal</span></xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <xsl:template name="hs-category">
    <xsl:param name="c"/>
    <xsl:choose>
      <xsl:when test="$c = 'contracts'">Contracts</xsl:when>
      <xsl:when test="$c = 'deliverables'">Deliverables</xsl:when>
      <xsl:when test="$c = 'reports'">Reports</xsl:when>
      <xsl:otherwise>Other</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A category <select>: id, selected, any (an "Any category" choice). -->
  <xsl:template name="hs-category-select">
    <xsl:param name="id">f-category</xsl:param>
    <xsl:param name="selected"/>
    <xsl:param name="any" select="false()"/>
    <select id="{$id}" name="category">
      <xsl:if test="$any"><option value="">Any category</option></xsl:if>
      <option value="contracts"><xsl:if test="$selected = 'contracts'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Contracts</option>
      <option value="deliverables"><xsl:if test="$selected = 'deliverables'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Deliverables</option>
      <option value="reports"><xsl:if test="$selected = 'reports'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Reports</option>
      <option value="other"><xsl:if test="$selected = 'other' or (not($any) and not($selected))"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Other</option>
    </select>
  </xsl:template>

  <xsl:template name="hs-status">
    <xsl:param name="status"/>
    <xsl:param name="overdue" select="'0'"/>
    <span class="badge badge-{translate($status, '_', '-')}">
      <xsl:choose>
        <xsl:when test="$status = 'pending'">Waiting</xsl:when>
        <xsl:when test="$status = 'approved'">Approved</xsl:when>
        <xsl:when test="$status = 'changes_requested'">Changes requested</xsl:when>
        <xsl:when test="$status = 'cancelled'">Withdrawn</xsl:when>
        <xsl:otherwise><xsl:value-of select="$status"/></xsl:otherwise>
      </xsl:choose>
    </span>
    <xsl:if test="$overdue = '1'"><xsl:text> </xsl:text><span class="badge badge-overdue">Overdue</span></xsl:if>
  </xsl:template>

  <!-- A project's updates, newest first. -->
  <xsl:template match="updates" mode="section">
    <section class="updates" id="updates" aria-labelledby="updates-h">
      <h2 id="updates-h">Updates
        <xsl:if test="@new &gt; 0"><xsl:text> </xsl:text><span class="badge badge-needs-review"><xsl:value-of select="@new"/> new</span></xsl:if>
      </h2>
      <xsl:if test="$hs-staff">
        <p><a href="{$base}/staff/updates/new?project={@project}">Post an update</a></p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="update">
          <xsl:apply-templates select="update" mode="section"/>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">message</xsl:with-param><xsl:with-param name="title">No updates yet.</xsl:with-param><xsl:with-param name="text">Progress reports from your team will appear here.</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="update" mode="section">
    <article class="update" id="update-{id}">
      <h3>
        <a href="{$base}{$hs-pre}/updates/{id}"><xsl:value-of select="title"/></a>
        <xsl:if test="is_new = '1'"><xsl:text> </xsl:text><span class="badge badge-needs-review">New</span></xsl:if>
        <xsl:text> </xsl:text>
        <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template>
      </h3>
      <p class="small"><xsl:value-of select="author"/> · <span class="when"><xsl:value-of select="when"/></span></p>
      <div class="markdown"><xsl:copy-of select="body/html/node()"/></div>
      <p class="small"><a href="{$base}{$hs-pre}/updates/{id}#comments">
        <xsl:choose>
          <xsl:when test="ncomments = '1'">1 comment</xsl:when>
          <xsl:when test="ncomments &gt; 0"><xsl:value-of select="ncomments"/> comments</xsl:when>
          <xsl:otherwise>Comment</xsl:otherwise>
        </xsl:choose>
      </a></p>
    </article>
  </xsl:template>

  <!-- A project's files. -->
  <xsl:template match="files" mode="section">
    <section class="files" id="files" aria-labelledby="files-h">
      <h2 id="files-h">Files</h2>
      <xsl:choose>
        <xsl:when test="file">
          <xsl:call-template name="hs-file-table"/>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">file</xsl:with-param><xsl:with-param name="title">No files yet.</xsl:with-param><xsl:with-param name="text">Files shared on this project will be listed here.</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
      <p><a href="{$base}{$hs-pre}/files?project={@project}">All files of this project</a></p>
    </section>
  </xsl:template>

  <!-- The table of the context node's <file> children. -->
  <xsl:template name="hs-file-table">
    <table class="list">
      <thead><tr>
        <th scope="col">Name</th><th scope="col">Category</th>
        <xsl:if test="file/project"><th scope="col">Project</th></xsl:if>
        <xsl:if test="$hs-staff and file/client"><th scope="col">Client</th></xsl:if>
        <th scope="col">Version</th><th scope="col">Size</th><th scope="col">Updated</th>
        <xsl:if test="$hs-staff"><th scope="col">Sharing</th></xsl:if>
      </tr></thead>
      <tbody>
        <xsl:for-each select="file">
          <tr>
            <td><xsl:call-template name="preview-thumb"/><a href="{$base}{$hs-pre}/files/{id}"><xsl:value-of select="name"/></a><xsl:call-template name="changed-mark"/></td>
            <td><xsl:call-template name="hs-category"><xsl:with-param name="c" select="category"/></xsl:call-template></td>
            <xsl:if test="../file/project"><td><xsl:value-of select="project"/></td></xsl:if>
            <xsl:if test="$hs-staff and ../file/client"><td><xsl:value-of select="client"/></td></xsl:if>
            <td><xsl:value-of select="version"/></td>
            <td><xsl:value-of select="size_text"/></td>
            <td class="when"><xsl:value-of select="when"/></td>
            <xsl:if test="$hs-staff"><td><xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template></td></xsl:if>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- A project's approvals. -->
  <xsl:template match="approvals" mode="section">
    <section class="approvals" id="approvals" aria-labelledby="approvals-h">
      <h2 id="approvals-h">Approvals</h2>
      <xsl:if test="$hs-staff">
        <p><a href="{$base}/staff/approvals/new?project={@project}">Ask for approval</a></p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="approval">
          <xsl:call-template name="hs-approval-table"/>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">check-circle</xsl:with-param><xsl:with-param name="title">No approvals asked for.</xsl:with-param><xsl:with-param name="text">Requests for approval on this project will show here.</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- The table of the context node's <approval> children. -->
  <xsl:template name="hs-approval-table">
    <table class="list">
      <thead><tr>
        <th scope="col">Request</th>
        <xsl:if test="approval/client"><th scope="col">Client</th></xsl:if>
        <xsl:if test="approval/project"><th scope="col">Project</th></xsl:if>
        <th scope="col">State</th><th scope="col">Approved</th><th scope="col">Due</th>
        <xsl:if test="approval/age_days"><th scope="col">Waiting</th></xsl:if>
      </tr></thead>
      <tbody>
        <xsl:for-each select="approval">
          <tr>
            <td><a href="{$base}{$hs-pre}/approvals/{id}"><xsl:value-of select="title"/></a>
              <xsl:call-template name="changed-mark"/>
              <xsl:if test="my_turn = '1'"><xsl:text> </xsl:text><span class="badge badge-needs-review">Your answer</span></xsl:if>
            </td>
            <xsl:if test="../approval/client"><td><xsl:value-of select="client"/></td></xsl:if>
            <xsl:if test="../approval/project"><td><xsl:value-of select="project"/></td></xsl:if>
            <td><xsl:choose>
              <xsl:when test="status = 'pending' and visible = '0'"><span class="badge badge-draft">Draft, not sent</span></xsl:when>
              <xsl:otherwise><xsl:call-template name="hs-status">
                <xsl:with-param name="status" select="status"/>
                <xsl:with-param name="overdue" select="overdue"/>
              </xsl:call-template></xsl:otherwise>
            </xsl:choose></td>
            <td><xsl:value-of select="napproved"/> of <xsl:value-of select="nsteps"/></td>
            <td class="when"><xsl:value-of select="due_on"/></td>
            <xsl:if test="../approval/age_days"><td>
              <xsl:if test="status = 'pending'"><xsl:value-of select="age_days"/> d</xsl:if>
            </td></xsl:if>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!--
    A section a plugin adds to a project's page (at_reg_section):
    <section name title empty><item href when status>text</item></section>.
  -->
  <xsl:template match="section" mode="section">
    <section class="ext ext-{@name}" id="section-{@name}" aria-labelledby="section-{@name}-h">
      <h2 id="section-{@name}-h"><xsl:value-of select="@title"/></h2>
      <xsl:choose>
        <xsl:when test="item">
          <ul class="ext-items">
            <xsl:for-each select="item">
              <li>
                <xsl:choose>
                  <xsl:when test="@href"><a href="{$base}{@href}"><xsl:value-of select="."/></a></xsl:when>
                  <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
                </xsl:choose>
                <xsl:if test="@status"><xsl:text> </xsl:text><xsl:call-template name="badge"><xsl:with-param name="status" select="@status"/></xsl:call-template></xsl:if>
                <xsl:if test="@when"><span class="when"> · <xsl:value-of select="@when"/></span></xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty"><xsl:value-of select="@empty"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- A project's (or the client's) decision log. -->
  <xsl:template match="decisions" mode="section">
    <section class="decisions" id="decisions" aria-labelledby="decisions-h">
      <h2 id="decisions-h">Decisions</h2>
      <xsl:choose>
        <xsl:when test="decision">
          <xsl:apply-templates select="decision" mode="section"/>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">scale</xsl:with-param><xsl:with-param name="title">No decisions recorded.</xsl:with-param><xsl:with-param name="text">Approved requests and decisions your team records land here, with who decided and when.</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- One decision; level: its heading's level (3 inside a section). -->
  <xsl:template match="decision" mode="section">
    <xsl:param name="level" select="3"/>
    <article class="decision item-card" id="decision-{id}">
      <xsl:element name="h{$level}"><xsl:value-of select="title"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template>
        <xsl:call-template name="changed-mark"/>
      </xsl:element>
      <p class="small">
        <xsl:text>Decided by </xsl:text><xsl:value-of select="decided_by"/>
        <xsl:text> on </xsl:text><span class="when"><xsl:value-of select="decided_on"/></span>
        <xsl:if test="project"> · <xsl:value-of select="project"/></xsl:if>
        <xsl:if test="$hs-staff and client"> · <xsl:value-of select="client"/></xsl:if>
        <xsl:if test="approval_id"> · <a href="{$base}{$hs-pre}/approvals/{approval_id}">from an approval</a></xsl:if>
      </p>
      <div class="markdown"><xsl:copy-of select="detail/html/node()"/></div>
      <xsl:if test="approvers/approver">
        <!-- Who approved, from the record: each comment is the approver's
             own words, quoted as plain text and never read as Markdown. -->
        <ul class="approvers">
          <xsl:for-each select="approvers/approver">
            <li>
              <xsl:value-of select="name"/>
              <xsl:text> approved</xsl:text>
              <xsl:if test="when"> on <span class="when"><xsl:value-of select="when"/></span></xsl:if>
              <xsl:if test="comment">
                <blockquote class="approver-comment"><p><xsl:value-of select="comment"/></p></blockquote>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="$hs-staff">
        <form method="post" action="{$base}/staff/decisions/{id}/share" class="inline">
          <xsl:call-template name="hs-csrf"/>
          <xsl:choose>
            <xsl:when test="visible = '1'"><button type="submit" class="link">Stop sharing</button></xsl:when>
            <xsl:otherwise><input type="hidden" name="visible" value="1"/><button type="submit" class="link">Share with the client</button></xsl:otherwise>
          </xsl:choose>
        </form>
      </xsl:if>
    </article>
  </xsl:template>

  <!-- Recent activity. -->
  <xsl:template match="activity" mode="section">
    <section class="activity" id="activity" aria-labelledby="activity-h">
      <h2 id="activity-h">Recent activity</h2>
      <xsl:call-template name="hs-activity-list"/>
      <xsl:if test="not($hs-staff) and @project = '0'">
        <p><a href="{$base}/activity">All activity</a></p>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- The list of the context node's <entry> children. -->
  <xsl:template name="hs-activity-list">
    <xsl:choose>
      <xsl:when test="entry">
        <ul class="activity-list">
          <xsl:for-each select="entry">
            <li>
              <span class="when"><xsl:value-of select="when"/></span>
              <xsl:text> </xsl:text>
              <xsl:choose>
                <xsl:when test="href and sentence"><a href="{$base}{href}"><xsl:value-of select="sentence"/></a></xsl:when>
                <xsl:when test="href"><a href="{$base}{href}"><xsl:value-of select="summary"/></a></xsl:when>
                <xsl:when test="sentence"><xsl:value-of select="sentence"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="summary"/></xsl:otherwise>
              </xsl:choose>
              <xsl:if test="$hs-staff">
                <span class="small">
                  <xsl:if test="client"> · <xsl:value-of select="client"/></xsl:if>
                  <xsl:if test="ip != ''"> · <xsl:value-of select="ip"/></xsl:if>
                  <xsl:if test="visible = '0'"> · team only</xsl:if>
                </span>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">activity</xsl:with-param><xsl:with-param name="title">Nothing has happened yet.</xsl:with-param><xsl:with-param name="text">Changes, comments and approvals will be listed here as they happen.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The version history with a download link for each. -->
  <xsl:template name="hs-versions">
    <xsl:param name="prefix"/>
    <h2>Versions</h2>
    <table class="list">
      <thead><tr><th scope="col">Version</th><th scope="col">Name</th><th scope="col">Size</th><th scope="col">Uploaded</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
      <tbody>
        <xsl:for-each select="versions/version">
          <tr>
            <td><a href="{$base}{$prefix}/versions/{version}/download">Version <xsl:value-of select="version"/></a></td>
            <td><xsl:value-of select="vname"/></td>
            <td><xsl:value-of select="size_text"/></td>
            <td class="when"><xsl:value-of select="when"/></td>
            <td><xsl:value-of select="uploaded_by"/></td>
            <td><xsl:value-of select="note"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- State, order, due date, who asked. -->
  <xsl:template name="hs-approval-facts">
    <xsl:variable name="a" select="approval"/>
    <dl class="facts">
      <dt>State</dt><dd><xsl:choose>
        <xsl:when test="$a/status = 'pending' and $a/visible = '0'"><span class="badge badge-draft">Draft, not sent</span></xsl:when>
        <xsl:otherwise><xsl:call-template name="hs-status">
          <xsl:with-param name="status" select="$a/status"/>
          <xsl:with-param name="overdue" select="$a/overdue"/>
        </xsl:call-template></xsl:otherwise>
      </xsl:choose></dd>
      <dt>Order</dt><dd><xsl:choose><xsl:when test="$a/mode = 'parallel'">All approvers at once</xsl:when><xsl:otherwise>Approvers in sequence</xsl:otherwise></xsl:choose></dd>
      <xsl:if test="$a/due_on"><dt>Due</dt><dd><xsl:value-of select="$a/due_on"/></dd></xsl:if>
      <xsl:if test="$a/created_by_name"><dt>Asked by</dt><dd><xsl:value-of select="$a/created_by_name"/></dd></xsl:if>
      <xsl:if test="$a/decision_id"><dt>Decision</dt><dd><a href="{$base}{$hs-pre}/decisions#decision-{$a/decision_id}">Recorded in the decision log</a></dd></xsl:if>
    </dl>
  </xsl:template>

  <!-- Each approver with their answer, time and comment. -->
  <xsl:template name="hs-approval-steps">
    <h2>Approvers</h2>
    <table class="list">
      <thead><tr><th scope="col">#</th><th scope="col">Approver</th><th scope="col">Answer</th><th scope="col">When</th>
        <xsl:if test="steps/step/ip"><th scope="col">Address</th></xsl:if>
        <th scope="col">Comment</th></tr></thead>
      <tbody>
        <xsl:for-each select="steps/step">
          <tr>
            <td><xsl:value-of select="position"/></td>
            <td><xsl:value-of select="name"/><xsl:if test="mine = '1'"> (you)</xsl:if></td>
            <td><xsl:choose>
              <xsl:when test="answer = 'approved'"><span class="badge badge-approved">Approved</span></xsl:when>
              <xsl:when test="answer = 'changes_requested'"><span class="badge badge-changes-requested">Changes requested</span></xsl:when>
              <xsl:when test="turn = '1' and mine = '1'"><span class="badge badge-needs-review">Your turn</span></xsl:when>
              <xsl:when test="turn = '1'"><span class="badge badge-pending">Their turn</span></xsl:when>
              <xsl:otherwise><span class="small">Waiting</span></xsl:otherwise>
            </xsl:choose></td>
            <td class="when"><xsl:value-of select="when"/></td>
            <xsl:if test="../step/ip"><td class="small"><xsl:value-of select="ip"/></td></xsl:if>
            <td><xsl:value-of select="comment"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- Comments and the form to add one (action: where it posts). -->
  <xsl:template match="comments" mode="section">
    <xsl:param name="action"/>
    <section class="comments" id="comments" aria-labelledby="comments-h">
      <h2 id="comments-h">Comments</h2>
      <xsl:choose>
        <xsl:when test="comment">
          <ol class="comment-list">
            <xsl:for-each select="comment">
              <li id="comment-{id}">
                <p class="small person">
                  <xsl:call-template name="avatar"><xsl:with-param name="name" select="author"/></xsl:call-template>
                  <strong><xsl:value-of select="author"/></strong>
                  <xsl:text> · </xsl:text><span class="when"><xsl:value-of select="when"/></span>
                  <xsl:if test="$hs-staff and visible = '0'"><xsl:text> </xsl:text><span class="badge badge-pending">Team only</span></xsl:if>
                </p>
                <p class="comment-body"><xsl:value-of select="body"/></p>
              </li>
            </xsl:for-each>
          </ol>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">message</xsl:with-param><xsl:with-param name="title">No comments yet.</xsl:with-param><xsl:with-param name="text">Ask a question or leave a note with the form below.</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
      <form method="post" action="{$base}{$action}" class="stack">
        <xsl:call-template name="hs-csrf"/>
        <div class="field">
          <label for="f-comment-body">Add a comment</label>
          <textarea id="f-comment-body" name="body" rows="4" required="required"></textarea>
        </div>
        <xsl:if test="$hs-staff">
          <div class="field">
            <label><input type="checkbox" name="visible" value="1"/> Visible to the client (otherwise team only)</label>
          </div>
        </xsl:if>
        <p><button type="submit">Comment</button></p>
      </form>
    </section>
  </xsl:template>
  <!-- The project lists' search and status filter (action: the list's URL). -->
  <xsl:template name="hs-project-filter">
    <xsl:param name="action"/>
    <xsl:variable name="f" select="/atrium/content/filter"/>
    <form method="get" action="{$base}{$action}" class="filter" role="search" aria-label="Projects">
      <div class="ctl">
        <label for="f-q">Search projects</label>
        <input id="f-q" type="search" name="q" value="{$f/@q}"/>
      </div>
      <xsl:if test="/atrium/content/clients/client">
        <div class="ctl">
          <label for="f-client">Client</label>
          <select id="f-client" name="client">
            <option value="0">All clients</option>
            <xsl:for-each select="/atrium/content/clients/client">
              <option value="{id}"><xsl:if test="id = $f/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>
      <input type="hidden" name="status" value="{$f/@status}"/>
      <button type="submit">
        <xsl:call-template name="icon"><xsl:with-param name="name">search</xsl:with-param></xsl:call-template>
        <span>Search</span>
      </button>
    </form>
    <nav class="tabs" aria-label="Status">
      <ul>
          <xsl:call-template name="hs-tab"><xsl:with-param name="action" select="$action"/><xsl:with-param name="s">all</xsl:with-param><xsl:with-param name="label">All</xsl:with-param></xsl:call-template>
          <xsl:call-template name="hs-tab"><xsl:with-param name="action" select="$action"/><xsl:with-param name="s">active</xsl:with-param><xsl:with-param name="label">Active</xsl:with-param></xsl:call-template>
          <xsl:call-template name="hs-tab"><xsl:with-param name="action" select="$action"/><xsl:with-param name="s">on_hold</xsl:with-param><xsl:with-param name="label">On Hold</xsl:with-param></xsl:call-template>
          <xsl:call-template name="hs-tab"><xsl:with-param name="action" select="$action"/><xsl:with-param name="s">completed</xsl:with-param><xsl:with-param name="label">Completed</xsl:with-param></xsl:call-template>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template name="hs-tab">
    <xsl:param name="action"/>
    <xsl:param name="s"/>
    <xsl:param name="label"/>
    <xsl:variable name="f" select="/atrium/content/filter"/>
    <li>
      <a href="{$base}{$action}?status={$s}">
        <xsl:if test="$f/@client and $f/@client != '0'"><xsl:attribute name="href"><xsl:value-of select="concat($base, $action, '?status=', $s, '&amp;client=', $f/@client)"/></xsl:attribute></xsl:if>
        <xsl:if test="$f/@status = $s"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <!-- The table of the context node's <project> children. -->
  <xsl:template name="hs-project-table">
    <table class="list">
      <thead><tr>
        <th scope="col">Project</th>
        <xsl:if test="$hs-staff"><th scope="col">Client</th></xsl:if>
        <th scope="col">Status</th><th scope="col">Health</th><th scope="col">Progress</th><th scope="col">Due</th><th scope="col">Owner</th>
      </tr></thead>
      <tbody>
        <xsl:for-each select="project">
          <tr>
            <td><a href="{$base}{$hs-pre}/projects/{id}"><xsl:value-of select="name"/></a>
              <xsl:call-template name="changed-mark"/>
              <xsl:text> </xsl:text>
              <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template></td>
            <xsl:if test="$hs-staff"><td><xsl:value-of select="client"/></td></xsl:if>
            <td><xsl:call-template name="badge"><xsl:with-param name="status" select="status"/></xsl:call-template></td>
            <td><xsl:call-template name="badge"><xsl:with-param name="status" select="health"/></xsl:call-template></td>
            <td><xsl:call-template name="progress"><xsl:with-param name="pct" select="progress"/></xsl:call-template></td>
            <td class="when"><xsl:value-of select="due_on"/></td>
            <td><xsl:value-of select="owner"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- A project's facts: status, health, progress, dates, owner, budget. -->
  <xsl:template name="hs-project-facts">
    <xsl:variable name="p" select="/atrium/content/project"/>
    <p>
      <xsl:call-template name="badge"><xsl:with-param name="status" select="$p/status"/></xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:call-template name="badge"><xsl:with-param name="status" select="$p/health"/></xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="$p/visible"/></xsl:call-template>
    </p>
    <p><xsl:call-template name="progress"><xsl:with-param name="pct" select="$p/progress"/></xsl:call-template></p>
    <dl class="facts">
      <xsl:if test="$p/client"><dt>Client</dt><dd><xsl:value-of select="$p/client"/></dd></xsl:if>
      <dt>Owner</dt><dd><xsl:choose><xsl:when test="$p/owner"><xsl:value-of select="$p/owner"/></xsl:when><xsl:otherwise>Not set</xsl:otherwise></xsl:choose></dd>
      <dt>Start</dt><dd><xsl:choose><xsl:when test="$p/start_on"><xsl:value-of select="$p/start_on"/></xsl:when><xsl:otherwise>Not set</xsl:otherwise></xsl:choose></dd>
      <dt>Due</dt><dd><xsl:choose><xsl:when test="$p/due_on"><xsl:value-of select="$p/due_on"/></xsl:when><xsl:otherwise>Not set</xsl:otherwise></xsl:choose></dd>
      <xsl:if test="$p/budget"><dt>Budget</dt><dd><xsl:value-of select="$p/budget"/></dd></xsl:if>
      <xsl:if test="$p/hours_used and ($hs-staff or $p/budget_visible = '1')">
        <dt>Hours</dt><dd><xsl:value-of select="$p/hours_used"/> used<xsl:if test="$p/hours_budget"> of <xsl:value-of select="$p/hours_budget"/></xsl:if></dd>
      </xsl:if>
    </dl>
  </xsl:template>

  <!-- The deliverables checklist. -->
  <xsl:template match="deliverables" mode="section">
    <section class="deliverables" id="deliverables" aria-labelledby="deliverables-h">
      <h2 id="deliverables-h">Deliverables</h2>
      <xsl:choose>
        <xsl:when test="deliverable">
          <ul class="checklist">
            <xsl:for-each select="deliverable">
              <li>
                <xsl:attribute name="class"><xsl:choose><xsl:when test="done_at">done</xsl:when><xsl:otherwise>open</xsl:otherwise></xsl:choose></xsl:attribute>
                <span aria-hidden="true"><xsl:choose><xsl:when test="done_at">☑</xsl:when><xsl:otherwise>☐</xsl:otherwise></xsl:choose></span>
                <xsl:text> </xsl:text><xsl:value-of select="title"/>
                <xsl:if test="done_at"><span class="visually-hidden"> (done)</span></xsl:if>
                <xsl:text> </xsl:text>
                <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">check</xsl:with-param><xsl:with-param name="title">No deliverables listed.</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- Milestones by date. -->
  <xsl:template match="milestones" mode="section">
    <section class="milestones" id="milestones" aria-labelledby="milestones-h">
      <h2 id="milestones-h">Milestones</h2>
      <xsl:choose>
        <xsl:when test="milestone">
          <table class="list">
            <thead><tr><th scope="col">Milestone</th><th scope="col">Date</th><th scope="col">State</th></tr></thead>
            <tbody>
              <xsl:for-each select="milestone">
                <tr>
                  <td><xsl:value-of select="title"/><xsl:text> </xsl:text><xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template></td>
                  <td class="when"><xsl:value-of select="due_on"/></td>
                  <td><xsl:choose>
                    <xsl:when test="done_at"><span class="badge badge-done">Reached</span></xsl:when>
                    <xsl:when test="overdue = '1' and $hs-staff"><span class="badge badge-overdue">Overdue</span></xsl:when>
                    <xsl:otherwise><span class="badge badge-todo">Upcoming</span></xsl:otherwise>
                  </xsl:choose></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">calendar</xsl:with-param><xsl:with-param name="title">No milestones yet.</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- Tasks: the client's own first, with a "Done" button on them. -->
  <xsl:template match="tasks" mode="section">
    <section class="tasks" id="tasks" aria-labelledby="tasks-h">
      <h2 id="tasks-h">Tasks</h2>
      <xsl:choose>
        <xsl:when test="task">
          <table class="list">
            <thead><tr><th scope="col">Task</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
            <tbody>
              <xsl:for-each select="task">
                <tr>
                  <td><xsl:value-of select="title"/><xsl:text> </xsl:text><xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template></td>
                  <td><xsl:value-of select="owner"/><xsl:if test="mine = '1'"> (you)</xsl:if></td>
                  <td class="when"><xsl:value-of select="due_on"/><xsl:if test="overdue = '1'"><xsl:text> </xsl:text><span class="badge badge-overdue">Overdue</span></xsl:if></td>
                  <td><xsl:call-template name="badge"><xsl:with-param name="status" select="status"/></xsl:call-template>
                    <xsl:if test="mine = '1' and status != 'done' and not($hs-staff)">
                      <form method="post" action="{$base}/tasks/{id}/done" class="inline">
                        <xsl:call-template name="hs-csrf"/>
                        <button type="submit">Mark as done</button>
                      </form>
                    </xsl:if>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">check</xsl:with-param><xsl:with-param name="title">No tasks shared with you.</xsl:with-param><xsl:with-param name="text">Tasks that need you will show here and on your home page.</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
