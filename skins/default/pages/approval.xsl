<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="hub-sections.xsl"/>
  <!-- One request for approval: what, who answers, the answer form. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="a" select="approval"/>
    <p><a href="/approvals">Approvals</a> · <a href="/projects/{$a/project_id}"><xsl:value-of select="$a/project"/></a></p>
    <h1><xsl:value-of select="$a/title"/></h1>
    <xsl:call-template name="approval-facts"/>
    <xsl:if test="$a/file_id">
      <p>To approve: <a href="/files/{$a/file_id}/versions/{$a/file_version}/download"><xsl:value-of select="$a/file_name"/>, version <xsl:value-of select="$a/file_version"/></a>
        (<a href="/files/{$a/file_id}">file page</a>)</p>
    </xsl:if>
    <div class="markdown"><xsl:copy-of select="$a/detail/html/node()"/></div>
    <xsl:call-template name="approval-steps"/>
    <xsl:if test="my-turn">
      <h2>Your answer</h2>
      <form method="post" action="/approvals/{$a/id}/answer" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:variable name="af" select="form/field[@name = 'answer']"/>
        <fieldset class="field{substring(' has-error', 1, 10 * boolean($af/@error))}">
          <legend>Do you approve?</legend>
          <label><input type="radio" name="answer" value="approve" required="required">
            <xsl:if test="$af/@value = 'approve'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input> I approve</label>
          <label><input type="radio" name="answer" value="changes">
            <xsl:if test="$af/@value = 'changes'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input> I ask for changes</label>
          <xsl:if test="$af/@error"><p class="error"><xsl:value-of select="$af/@error"/></p></xsl:if>
        </fieldset>
        <xsl:call-template name="field">
          <xsl:with-param name="name">comment</xsl:with-param>
          <xsl:with-param name="label">Comment</xsl:with-param>
          <xsl:with-param name="type">textarea</xsl:with-param>
          <xsl:with-param name="hint">Needed when you ask for changes.</xsl:with-param>
        </xsl:call-template>
        <p><button type="submit" class="primary">Send my answer</button></p>
      </form>
    </xsl:if>
    <xsl:apply-templates select="comments" mode="section">
      <xsl:with-param name="action" select="concat('/approvals/', $a/id, '/comments')"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- State, order, due date, who asked. -->
  <xsl:template name="approval-facts">
    <xsl:variable name="a" select="approval"/>
    <dl class="facts">
      <dt>State</dt><dd><xsl:call-template name="hs-status">
        <xsl:with-param name="status" select="$a/status"/>
        <xsl:with-param name="overdue" select="$a/overdue"/>
      </xsl:call-template></dd>
      <dt>Order</dt><dd><xsl:choose><xsl:when test="$a/mode = 'parallel'">All approvers at once</xsl:when><xsl:otherwise>Approvers in sequence</xsl:otherwise></xsl:choose></dd>
      <xsl:if test="$a/due_on"><dt>Due</dt><dd><xsl:value-of select="$a/due_on"/></dd></xsl:if>
      <xsl:if test="$a/created_by_name"><dt>Asked by</dt><dd><xsl:value-of select="$a/created_by_name"/></dd></xsl:if>
      <xsl:if test="$a/decision_id"><dt>Decision</dt><dd><a href="{$hs-pre}/decisions#decision-{$a/decision_id}">Recorded in the decision log</a></dd></xsl:if>
    </dl>
  </xsl:template>

  <!-- Each approver with their answer, time and comment. -->
  <xsl:template name="approval-steps">
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
</xsl:stylesheet>
